<?xml version="1.0" encoding="UTF-8"?>
<!-- A stylesheet that tries to write files and make directories beside
     itself. orgcheck must refuse: the run fails and nothing is written. -->
<xsl:stylesheet version="1.1"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:exsl="http://exslt.org/common"
                xmlns:saxon="http://icl.com/saxon"
                extension-element-prefixes="exsl saxon">
  <xsl:output method="html"/>
  <xsl:template match="/">
    <xsl:document href="evil-xsl-document.html" method="html">
      <p>written by xsl:document</p>
    </xsl:document>
    <xsl:document href="evil-dir/sub/evil-xsl-document.html" method="html">
      <p>written by xsl:document in a new directory</p>
    </xsl:document>
    <exsl:document href="evil-exsl-document.html" method="html">
      <p>written by exsl:document</p>
    </exsl:document>
    <saxon:output href="evil-saxon-output.html" method="html">
      <p>written by saxon:output</p>
    </saxon:output>
    <html><body><p>report</p></body></html>
  </xsl:template>
</xsl:stylesheet>

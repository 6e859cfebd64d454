<?xml version="1.0" encoding="UTF-8"?>
<!-- A stylesheet that tries to read other files and the network with
     document(). orgcheck must refuse: the run fails and no content leaks. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html"/>
  <xsl:template match="/">
    <html>
      <body>
        <pre><xsl:copy-of select="document('file:///etc/passwd')"/></pre>
        <pre><xsl:value-of select="document('/etc/passwd')"/></pre>
        <pre><xsl:value-of select="document('secret.xml')"/></pre>
        <pre><xsl:value-of select="document('http://127.0.0.1:9/secret.xml')"/></pre>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!-- Not well-formed: xsl:template is closed by the wrong tag. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <html><body><p>never rendered</p></body></html>
  </xsl:templat>
</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!-- A curator's own minimal report: the number of findings and one line
     per finding. Given as the stylesheet option, it replaces reports/report.xsl. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:o="urn:orgcheck:results:1"
                exclude-result-prefixes="o">
  <xsl:output method="html" encoding="UTF-8"/>
  <xsl:template match="/o:results">
    <html>
      <head><title>Our findings</title></head>
      <body>
        <p id="custom-count"><xsl:value-of select="count(o:findings/o:finding)"/> findings</p>
        <ul>
          <xsl:for-each select="o:findings/o:finding">
            <li><xsl:value-of select="@rule"/>: <xsl:value-of select="o:message"/></li>
          </xsl:for-each>
        </ul>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!--
  The orgcheck HTML report: one self-contained page made from a results
  document (schemas/results.xsd, namespace urn:orgcheck:results:1).

  It needs nothing but the results document: no other file, no network,
  no script. Everything taken from the results is written as text, so
  whatever a record holds is shown, never run. Records and rules are
  sorted by id, findings keep the order of the results document (path,
  line, column, rule, message), so the same results give the same bytes.

  Page order: header, summary, charts, index of records, findings by
  record, findings by rule, rule catalogue.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:o="urn:orgcheck:results:1"
                xmlns:oc="urn:orgcheck:xslt:1"
                exclude-result-prefixes="o oc">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
              doctype-system="about:legacy-compat"/>

  <xsl:strip-space elements="*"/>

  <!-- Findings about a record, by record id; findings about a file that
       is not a record (unreadable, or the rules configuration), by path. -->
  <xsl:key name="by-record" match="o:finding[o:location/@record]" use="o:location/@record"/>
  <xsl:key name="by-file" match="o:finding[not(o:location/@record)]" use="o:location/@path"/>
  <xsl:key name="rule" match="o:catalog/o:rule" use="@id"/>
  <xsl:key name="summary-rule" match="o:summary/o:rule" use="@rule"/>

  <!-- The findings that start a run of findings about one record (or
       file). Findings come sorted by path, so a record's findings are one
       run: these keys answer "which records have findings" with a node or
       two where by-record would copy every finding of the record, which
       made large reports quadratic. They stay right if runs are split. -->
  <xsl:key name="record-run"
           match="o:finding[o:location/@record][not(preceding-sibling::o:finding[1]/o:location/@record = o:location/@record)]"
           use="o:location/@record"/>
  <xsl:key name="file-run"
           match="o:finding[not(o:location/@record)][not(preceding-sibling::o:finding[1][not(o:location/@record)]/o:location/@path = o:location/@path)]"
           use="o:location/@path"/>

  <!-- Characters that are replaced in anchors, so an id and the link to
       it read the same (libxml2 escapes links, not ids). -->
  <xsl:variable name="unsafe" select="concat(' &#9;&#10;&#13;&quot;#%&lt;&gt;[\]^`{|}&amp;?/:;=@+,$', &quot;'&quot;)"/>
  <xsl:variable name="unsafe-to" select="'_____________________________'"/>

  <xsl:variable name="total" select="count(/o:results/o:findings/o:finding)"/>
  <xsl:variable name="errors" select="number(/o:results/o:summary/o:findings[@severity = 'error']/@count)"/>
  <xsl:variable name="warnings" select="number(/o:results/o:summary/o:findings[@severity = 'warning']/@count)"/>
  <xsl:variable name="infos" select="number(/o:results/o:summary/o:findings[@severity = 'info']/@count)"/>

  <!-- The first finding of each record and of each non-record file. -->
  <xsl:variable name="record-heads"
                select="/o:results/o:findings/o:finding[o:location/@record][not(preceding-sibling::o:finding[1]/o:location/@record = o:location/@record)][generate-id() = generate-id(key('record-run', o:location/@record)[1])]"/>
  <xsl:variable name="file-heads"
                select="/o:results/o:findings/o:finding[not(o:location/@record)][not(preceding-sibling::o:finding[1][not(o:location/@record)]/o:location/@path = o:location/@path)][generate-id() = generate-id(key('file-run', o:location/@path)[1])]"/>
  <!-- The rules with findings: those of the catalogue, and any finding's
       rule the catalogue lacks (one finding each). There is no key by
       rule: libxslt builds a key's node lists checking each new node
       against the list, which is quadratic in the findings of a rule.
       The catalogue's rules are found through the small key on the
       catalogue, one lookup per finding, rather than by comparing each
       rule with every finding's rule. -->
  <xsl:variable name="catalogued-rules"
                select="key('rule', /o:results/o:findings/o:finding/@rule)"/>
  <!-- orgcheck render offers oc:findings-with-rule(RULE), which is
       /o:results/o:findings/o:finding[@rule = RULE] found through a table
       it files the findings in once, instead of reading every finding for
       each rule. Other XSLT processors take the XPath. -->
  <xsl:variable name="indexed" select="function-available('oc:findings-with-rule')"/>
  <!-- A finding whose rule the catalogue lacks is a Schematron
       assertion's, reported under its own id; its catalogue rule is
       OC170. The first finding of each such id: -->
  <xsl:variable name="uncatalogued-heads"
                select="/o:results/o:findings/o:finding[not(key('rule', @rule))][not(@rule = preceding-sibling::o:finding/@rule)]"/>
  <xsl:variable name="schematron-rule" select="key('rule', 'OC170')[$uncatalogued-heads]"/>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:apply-templates select="o:results"/>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <html lang="en">
      <head>
        <title>orgcheck report</title>
      </head>
      <body>
        <h1>orgcheck report</h1>
        <p>This is not an orgcheck results document (urn:orgcheck:results:1).</p>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="o:results">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="orgcheck {o:tool/@version}"/>
        <title>
          <xsl:text>orgcheck report – </xsl:text>
          <xsl:value-of select="o:run/@today"/>
        </title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <header class="masthead">
          <div class="wrap">
            <h1>orgcheck report</h1>
            <dl class="run">
              <div>
                <dt>Run date</dt>
                <dd><time><xsl:value-of select="o:run/@today"/></time></dd>
              </div>
              <div>
                <dt>Tool</dt>
                <dd>
                  <xsl:value-of select="o:tool/@name"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="o:tool/@version"/>
                </dd>
              </div>
              <div>
                <dt>Rules file</dt>
                <dd>
                  <xsl:choose>
                    <xsl:when test="o:run/@rules-file">
                      <code><xsl:value-of select="o:run/@rules-file"/></code>
                    </xsl:when>
                    <xsl:otherwise>none (built-in defaults)</xsl:otherwise>
                  </xsl:choose>
                </dd>
              </div>
              <div>
                <dt>Fails on</dt>
                <dd><xsl:value-of select="o:run/@fail-on"/></dd>
              </div>
            </dl>
            <nav class="toc" aria-label="Sections">
              <a href="#summary">Summary</a>
              <xsl:if test="$total &gt; 0">
                <a href="#charts">Charts</a>
                <a href="#records">Records</a>
                <a href="#by-record">Findings by record</a>
                <a href="#by-rule">Findings by rule</a>
              </xsl:if>
              <a href="#rules">Rule catalogue</a>
            </nav>
          </div>
        </header>
        <main class="wrap">
          <xsl:call-template name="summary"/>
          <xsl:choose>
            <xsl:when test="$total &gt; 0">
              <xsl:call-template name="charts"/>
              <xsl:call-template name="record-index"/>
              <xsl:call-template name="by-record"/>
              <xsl:call-template name="by-rule"/>
            </xsl:when>
          </xsl:choose>
          <xsl:apply-templates select="o:catalog"/>
        </main>
        <footer class="wrap">
          <p>
            <xsl:text>orgcheck </xsl:text>
            <xsl:value-of select="o:tool/@version"/>
            <xsl:text> · results of </xsl:text>
            <xsl:value-of select="o:run/@today"/>
            <xsl:text>. A finding's fingerprint does not depend on line numbers: it names the same finding across edits.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ========================================================= summary -->

  <xsl:template name="summary">
    <xsl:variable name="s" select="o:summary"/>
    <section id="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" class="quiet-heading">Summary</h2>
      <p class="verdict">
        <xsl:choose>
          <xsl:when test="$total = 0">
            <strong>No findings.</strong>
            <xsl:text> Every record passed every enabled rule.</xsl:text>
          </xsl:when>
          <xsl:otherwise>
            <strong>
              <xsl:value-of select="$total"/>
              <xsl:text> finding</xsl:text>
              <xsl:if test="$total != 1">s</xsl:if>
            </strong>
            <xsl:text> in </xsl:text>
            <xsl:call-template name="plural">
              <xsl:with-param name="n" select="count($record-heads)"/>
              <xsl:with-param name="word" select="'record'"/>
            </xsl:call-template>
            <xsl:if test="$file-heads">
              <xsl:text> and </xsl:text>
              <xsl:call-template name="plural">
                <xsl:with-param name="n" select="count($file-heads)"/>
                <xsl:with-param name="word" select="'other file'"/>
              </xsl:call-template>
            </xsl:if>
            <xsl:text>: </xsl:text>
            <xsl:call-template name="plural">
              <xsl:with-param name="n" select="$errors"/>
              <xsl:with-param name="word" select="'error'"/>
            </xsl:call-template>
            <xsl:text>, </xsl:text>
            <xsl:call-template name="plural">
              <xsl:with-param name="n" select="$warnings"/>
              <xsl:with-param name="word" select="'warning'"/>
            </xsl:call-template>
            <xsl:text>, </xsl:text>
            <xsl:value-of select="$infos"/>
            <xsl:text> info.</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <span class="outcome">
          <xsl:choose>
            <xsl:when test="o:run/@fail-on = 'none'">
              <xsl:text>The run does not fail on findings (fail-on none).</xsl:text>
            </xsl:when>
            <xsl:when test="o:run/@failed = 'true'">
              <xsl:text>The run failed: there are findings at or above </xsl:text>
              <xsl:value-of select="o:run/@fail-on"/>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>The run passed: nothing at or above </xsl:text>
              <xsl:value-of select="o:run/@fail-on"/>
              <xsl:text>.</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </span>
      </p>
      <div class="cards">
        <div class="card card-files">
          <span class="card-label">Files checked</span>
          <span class="card-number" id="count-files"><xsl:value-of select="$s/@files"/></span>
          <span class="card-detail">
            <xsl:call-template name="plural">
              <xsl:with-param name="n" select="$s/@organizations"/>
              <xsl:with-param name="word" select="'organization'"/>
            </xsl:call-template>
            <xsl:text> · </xsl:text>
            <xsl:value-of select="$s/@people"/>
            <xsl:choose>
              <xsl:when test="$s/@people = 1"> person</xsl:when>
              <xsl:otherwise> people</xsl:otherwise>
            </xsl:choose>
            <xsl:text> · </xsl:text>
            <xsl:value-of select="$s/@valid"/>
            <xsl:text> valid</xsl:text>
            <xsl:if test="$s/@files &gt; $s/@valid">
              <xsl:text> · </xsl:text>
              <strong class="invalid">
                <xsl:value-of select="$s/@files - $s/@valid"/>
                <xsl:text> unreadable or invalid</xsl:text>
              </strong>
            </xsl:if>
          </span>
        </div>
        <xsl:call-template name="severity-card">
          <xsl:with-param name="severity" select="'error'"/>
          <xsl:with-param name="label" select="'Errors'"/>
          <xsl:with-param name="id" select="'count-errors'"/>
          <xsl:with-param name="n" select="$errors"/>
          <xsl:with-param name="hint" select="'to fix'"/>
        </xsl:call-template>
        <xsl:call-template name="severity-card">
          <xsl:with-param name="severity" select="'warning'"/>
          <xsl:with-param name="label" select="'Warnings'"/>
          <xsl:with-param name="id" select="'count-warnings'"/>
          <xsl:with-param name="n" select="$warnings"/>
          <xsl:with-param name="hint" select="'to review'"/>
        </xsl:call-template>
        <xsl:call-template name="severity-card">
          <xsl:with-param name="severity" select="'info'"/>
          <xsl:with-param name="label" select="'Info'"/>
          <xsl:with-param name="id" select="'count-info'"/>
          <xsl:with-param name="n" select="$infos"/>
          <xsl:with-param name="hint" select="'for information'"/>
        </xsl:call-template>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="severity-card">
    <xsl:param name="severity"/>
    <xsl:param name="label"/>
    <xsl:param name="id"/>
    <xsl:param name="n"/>
    <xsl:param name="hint"/>
    <div class="card card-{$severity}">
      <xsl:if test="$n = 0">
        <xsl:attribute name="class">card card-<xsl:value-of select="$severity"/> card-zero</xsl:attribute>
      </xsl:if>
      <span class="card-label">
        <span class="shape shape-{$severity}" aria-hidden="true"></span>
        <xsl:value-of select="$label"/>
      </span>
      <span class="card-number" id="{$id}"><xsl:value-of select="$n"/></span>
      <span class="card-detail"><xsl:value-of select="$hint"/></span>
    </div>
  </xsl:template>

  <!-- ========================================================== charts -->

  <xsl:template name="charts">
    <section id="charts" aria-labelledby="charts-title">
      <h2 id="charts-title">Where the findings are</h2>
      <div class="charts">
        <figure class="chart chart-severity">
          <figcaption>By severity</figcaption>
          <div class="chart-scroll">
            <xsl:call-template name="severity-chart"/>
          </div>
        </figure>
        <figure class="chart chart-rules">
          <figcaption>By rule</figcaption>
          <div class="chart-scroll">
            <xsl:call-template name="rule-chart"/>
          </div>
        </figure>
      </div>
    </section>
  </xsl:template>

  <!-- Geometry shared by both charts (viewBox units). -->
  <xsl:variable name="chart-width" select="880"/>
  <xsl:variable name="label-width" select="300"/>
  <xsl:variable name="bar-room" select="480"/>
  <xsl:variable name="row-height" select="28"/>
  <xsl:variable name="bar-height" select="16"/>

  <xsl:template name="severity-chart">
    <xsl:variable name="max">
      <xsl:call-template name="max3">
        <xsl:with-param name="a" select="$errors"/>
        <xsl:with-param name="b" select="$warnings"/>
        <xsl:with-param name="c" select="$infos"/>
      </xsl:call-template>
    </xsl:variable>
    <svg class="bars" viewBox="0 0 {$chart-width} {3 * $row-height + 4}" role="img"
         aria-labelledby="severity-chart-title">
      <title id="severity-chart-title">
        <xsl:text>Findings by severity: </xsl:text>
        <xsl:value-of select="$errors"/>
        <xsl:text> errors, </xsl:text>
        <xsl:value-of select="$warnings"/>
        <xsl:text> warnings, </xsl:text>
        <xsl:value-of select="$infos"/>
        <xsl:text> info</xsl:text>
      </title>
      <xsl:call-template name="severity-bar">
        <xsl:with-param name="i" select="0"/>
        <xsl:with-param name="severity" select="'error'"/>
        <xsl:with-param name="label" select="'Errors'"/>
        <xsl:with-param name="n" select="$errors"/>
        <xsl:with-param name="max" select="$max"/>
      </xsl:call-template>
      <xsl:call-template name="severity-bar">
        <xsl:with-param name="i" select="1"/>
        <xsl:with-param name="severity" select="'warning'"/>
        <xsl:with-param name="label" select="'Warnings'"/>
        <xsl:with-param name="n" select="$warnings"/>
        <xsl:with-param name="max" select="$max"/>
      </xsl:call-template>
      <xsl:call-template name="severity-bar">
        <xsl:with-param name="i" select="2"/>
        <xsl:with-param name="severity" select="'info'"/>
        <xsl:with-param name="label" select="'Info'"/>
        <xsl:with-param name="n" select="$infos"/>
        <xsl:with-param name="max" select="$max"/>
      </xsl:call-template>
    </svg>
  </xsl:template>

  <xsl:template name="severity-bar">
    <xsl:param name="i"/>
    <xsl:param name="severity"/>
    <xsl:param name="label"/>
    <xsl:param name="n"/>
    <xsl:param name="max"/>
    <xsl:variable name="y" select="$i * $row-height + 2"/>
    <xsl:variable name="w">
      <xsl:call-template name="bar-width">
        <xsl:with-param name="n" select="$n"/>
        <xsl:with-param name="max" select="$max"/>
      </xsl:call-template>
    </xsl:variable>
    <g class="row sev-{$severity}">
      <xsl:if test="not($n &gt; 0)">
        <xsl:attribute name="class">row sev-<xsl:value-of select="$severity"/> zero</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="svg-shape">
        <xsl:with-param name="severity" select="$severity"/>
        <xsl:with-param name="x" select="0"/>
        <xsl:with-param name="y" select="$y + ($row-height - 12) div 2"/>
      </xsl:call-template>
      <text class="label" x="20" y="{$y + $row-height div 2}" dy="0.35em">
        <xsl:value-of select="$label"/>
      </text>
      <xsl:if test="$w &gt; 0">
        <rect class="fill-{$severity}" x="{$label-width}" y="{$y + ($row-height - $bar-height) div 2}"
              width="{$w}" height="{$bar-height}" rx="2"/>
      </xsl:if>
      <text class="value" x="{$label-width + $w + 8}" y="{$y + $row-height div 2}" dy="0.35em">
        <xsl:value-of select="$n"/>
      </text>
    </g>
  </xsl:template>

  <xsl:template name="rule-chart">
    <xsl:variable name="rules" select="o:summary/o:rule[generate-id() = generate-id(key('summary-rule', @rule)[1])]"/>
    <xsl:variable name="max">
      <xsl:for-each select="$rules">
        <xsl:sort select="sum(key('summary-rule', @rule)/@count)" data-type="number" order="descending"/>
        <xsl:if test="position() = 1">
          <xsl:value-of select="sum(key('summary-rule', @rule)/@count)"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <svg class="bars" viewBox="0 0 {$chart-width} {count($rules) * $row-height + 4}" role="img"
         aria-labelledby="rule-chart-title">
      <title id="rule-chart-title">Findings by rule</title>
      <xsl:for-each select="$rules">
        <xsl:sort select="@rule"/>
        <xsl:variable name="id" select="@rule"/>
        <xsl:variable name="counts" select="key('summary-rule', $id)"/>
        <xsl:variable name="rule" select="key('rule', $id)"/>
        <xsl:variable name="y" select="(position() - 1) * $row-height + 2"/>
        <xsl:variable name="n-error" select="sum($counts[@severity = 'error']/@count)"/>
        <xsl:variable name="n-warning" select="sum($counts[@severity = 'warning']/@count)"/>
        <xsl:variable name="n-info" select="sum($counts[@severity = 'info']/@count)"/>
        <xsl:variable name="w-error">
          <xsl:call-template name="bar-width">
            <xsl:with-param name="n" select="$n-error"/>
            <xsl:with-param name="max" select="$max"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="w-warning">
          <xsl:call-template name="bar-width">
            <xsl:with-param name="n" select="$n-warning"/>
            <xsl:with-param name="max" select="$max"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="w-info">
          <xsl:call-template name="bar-width">
            <xsl:with-param name="n" select="$n-info"/>
            <xsl:with-param name="max" select="$max"/>
          </xsl:call-template>
        </xsl:variable>
        <!-- The shape of the rule's most severe findings. -->
        <xsl:variable name="worst">
          <xsl:choose>
            <xsl:when test="$n-error &gt; 0">error</xsl:when>
            <xsl:when test="$n-warning &gt; 0">warning</xsl:when>
            <xsl:otherwise>info</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <a href="#by-rule-{translate($id, $unsafe, $unsafe-to)}">
          <g class="row">
            <title>
              <xsl:value-of select="$id"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="$rule/@name"/>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="severity-counts-text">
                <xsl:with-param name="e" select="$n-error"/>
                <xsl:with-param name="w" select="$n-warning"/>
                <xsl:with-param name="i" select="$n-info"/>
              </xsl:call-template>
            </title>
            <xsl:call-template name="svg-shape">
              <xsl:with-param name="severity" select="$worst"/>
              <xsl:with-param name="x" select="0"/>
              <xsl:with-param name="y" select="$y + ($row-height - 12) div 2"/>
            </xsl:call-template>
            <text class="label" x="20" y="{$y + $row-height div 2}" dy="0.35em">
              <tspan class="rule-id"><xsl:value-of select="$id"/></tspan>
              <xsl:text> </xsl:text>
              <xsl:value-of select="$rule/@name"/>
            </text>
            <xsl:variable name="by" select="$y + ($row-height - $bar-height) div 2"/>
            <xsl:if test="$w-error &gt; 0">
              <rect class="fill-error" x="{$label-width}" y="{$by}" width="{$w-error}" height="{$bar-height}"/>
            </xsl:if>
            <xsl:if test="$w-warning &gt; 0">
              <rect class="fill-warning" x="{$label-width + $w-error}" y="{$by}" width="{$w-warning}" height="{$bar-height}"/>
            </xsl:if>
            <xsl:if test="$w-info &gt; 0">
              <rect class="fill-info" x="{$label-width + $w-error + $w-warning}" y="{$by}" width="{$w-info}" height="{$bar-height}"/>
            </xsl:if>
            <text class="value" x="{$label-width + $w-error + $w-warning + $w-info + 8}"
                  y="{$y + $row-height div 2}" dy="0.35em">
              <xsl:value-of select="$n-error + $n-warning + $n-info"/>
              <xsl:if test="($n-error &gt; 0) + ($n-warning &gt; 0) + ($n-info &gt; 0) &gt; 1">
                <xsl:text> (</xsl:text>
                <xsl:call-template name="severity-counts-text">
                  <xsl:with-param name="e" select="$n-error"/>
                  <xsl:with-param name="w" select="$n-warning"/>
                  <xsl:with-param name="i" select="$n-info"/>
                </xsl:call-template>
                <xsl:text>)</xsl:text>
              </xsl:if>
            </text>
          </g>
        </a>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <!-- A bar's length for n of max: at least 2 units so one finding shows. -->
  <xsl:template name="bar-width">
    <xsl:param name="n"/>
    <xsl:param name="max"/>
    <xsl:choose>
      <xsl:when test="not($n &gt; 0) or not($max &gt; 0)">0</xsl:when>
      <xsl:otherwise>
        <xsl:variable name="w" select="round($n * $bar-room * 10 div $max) div 10"/>
        <xsl:choose>
          <xsl:when test="$w &lt; 2">2</xsl:when>
          <xsl:otherwise><xsl:value-of select="$w"/></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="max3">
    <xsl:param name="a"/>
    <xsl:param name="b"/>
    <xsl:param name="c"/>
    <xsl:choose>
      <xsl:when test="$a &gt;= $b and $a &gt;= $c"><xsl:value-of select="$a"/></xsl:when>
      <xsl:when test="$b &gt;= $c"><xsl:value-of select="$b"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The severity shapes, 12 units wide: square (error), triangle
       (warning), circle (info), so no one needs the colour to tell. -->
  <xsl:template name="svg-shape">
    <xsl:param name="severity"/>
    <xsl:param name="x"/>
    <xsl:param name="y"/>
    <xsl:choose>
      <xsl:when test="$severity = 'error'">
        <rect class="fill-error" x="{$x + 1}" y="{$y + 1}" width="10" height="10"/>
      </xsl:when>
      <xsl:when test="$severity = 'warning'">
        <polygon class="fill-warning"
                 points="{$x + 6},{$y} {$x + 12},{$y + 11} {$x},{$y + 11}"/>
      </xsl:when>
      <xsl:otherwise>
        <circle class="fill-info" cx="{$x + 6}" cy="{$y + 6}" r="5.5"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="severity-counts-text">
    <xsl:param name="e"/>
    <xsl:param name="w"/>
    <xsl:param name="i"/>
    <xsl:variable name="parts">
      <xsl:if test="$e &gt; 0">
        <xsl:text>, </xsl:text>
        <xsl:call-template name="plural">
          <xsl:with-param name="n" select="$e"/>
          <xsl:with-param name="word" select="'error'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$w &gt; 0">
        <xsl:text>, </xsl:text>
        <xsl:call-template name="plural">
          <xsl:with-param name="n" select="$w"/>
          <xsl:with-param name="word" select="'warning'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$i &gt; 0">
        <xsl:text>, </xsl:text>
        <xsl:value-of select="$i"/>
        <xsl:text> info</xsl:text>
      </xsl:if>
    </xsl:variable>
    <xsl:value-of select="substring($parts, 3)"/>
  </xsl:template>

  <!-- ==================================================== record index -->

  <xsl:template name="record-index">
    <section id="records" aria-labelledby="records-title">
      <h2 id="records-title">
        <xsl:choose>
          <xsl:when test="$file-heads">Records and files with findings </xsl:when>
          <xsl:otherwise>Records with findings </xsl:otherwise>
        </xsl:choose>
        <span class="count"><xsl:value-of select="count($record-heads) + count($file-heads)"/></span>
      </h2>
      <ul class="record-index">
        <xsl:for-each select="$record-heads">
          <xsl:sort select="o:location/@record"/>
          <xsl:variable name="id" select="o:location/@record"/>
          <xsl:call-template name="index-entry">
            <xsl:with-param name="href" select="concat('#record-', translate($id, $unsafe, $unsafe-to))"/>
            <xsl:with-param name="label" select="$id"/>
            <xsl:with-param name="findings" select="key('by-record', $id)"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:for-each select="$file-heads">
          <xsl:sort select="o:location/@path"/>
          <xsl:variable name="path" select="o:location/@path"/>
          <xsl:call-template name="index-entry">
            <xsl:with-param name="href" select="concat('#file-', translate($path, $unsafe, $unsafe-to))"/>
            <xsl:with-param name="label" select="$path"/>
            <xsl:with-param name="findings" select="key('by-file', $path)"/>
          </xsl:call-template>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template name="index-entry">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <xsl:param name="findings"/>
    <li>
      <a href="{$href}"><xsl:value-of select="$label"/></a>
      <xsl:call-template name="tally">
        <xsl:with-param name="findings" select="$findings"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <!-- Counts of a set of findings by severity, each with its shape. -->
  <xsl:template name="tally">
    <xsl:param name="findings"/>
    <span class="tally">
      <xsl:for-each select="$findings[@severity = 'error'][1]">
        <span class="tally-item sev-error" title="errors">
          <span class="shape shape-error" aria-hidden="true"></span>
          <xsl:value-of select="count($findings[@severity = 'error'])"/>
          <span class="visually-hidden"> errors</span>
        </span>
      </xsl:for-each>
      <xsl:for-each select="$findings[@severity = 'warning'][1]">
        <span class="tally-item sev-warning" title="warnings">
          <span class="shape shape-warning" aria-hidden="true"></span>
          <xsl:value-of select="count($findings[@severity = 'warning'])"/>
          <span class="visually-hidden"> warnings</span>
        </span>
      </xsl:for-each>
      <xsl:for-each select="$findings[@severity = 'info'][1]">
        <span class="tally-item sev-info" title="info">
          <span class="shape shape-info" aria-hidden="true"></span>
          <xsl:value-of select="count($findings[@severity = 'info'])"/>
          <span class="visually-hidden"> info</span>
        </span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- ============================================== findings by record -->

  <xsl:template name="by-record">
    <section id="by-record" aria-labelledby="by-record-title">
      <div class="section-head">
        <h2 id="by-record-title">Findings by record</h2>
        <xsl:call-template name="filters"/>
      </div>
      <xsl:for-each select="$record-heads">
        <xsl:sort select="o:location/@record"/>
        <xsl:variable name="id" select="o:location/@record"/>
        <xsl:call-template name="record-section">
          <xsl:with-param name="anchor" select="concat('record-', translate($id, $unsafe, $unsafe-to))"/>
          <xsl:with-param name="title" select="$id"/>
          <xsl:with-param name="kind" select="'record'"/>
          <xsl:with-param name="findings" select="key('by-record', $id)"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$file-heads">
        <xsl:sort select="o:location/@path"/>
        <xsl:variable name="path" select="o:location/@path"/>
        <xsl:call-template name="record-section">
          <xsl:with-param name="anchor" select="concat('file-', translate($path, $unsafe, $unsafe-to))"/>
          <xsl:with-param name="title" select="$path"/>
          <xsl:with-param name="kind" select="'file'"/>
          <xsl:with-param name="findings" select="key('by-file', $path)"/>
        </xsl:call-template>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Severity filters that need no script: unchecking a box hides the
       findings of that severity (where the browser supports :has). -->
  <xsl:template name="filters">
    <form class="filters" aria-label="Show findings of severity">
      <span class="filters-label">Show</span>
      <label class="sev-error">
        <input type="checkbox" id="show-error" checked="checked"/>
        <span class="shape shape-error" aria-hidden="true"></span>
        <xsl:text>errors</xsl:text>
      </label>
      <label class="sev-warning">
        <input type="checkbox" id="show-warning" checked="checked"/>
        <span class="shape shape-warning" aria-hidden="true"></span>
        <xsl:text>warnings</xsl:text>
      </label>
      <label class="sev-info">
        <input type="checkbox" id="show-info" checked="checked"/>
        <span class="shape shape-info" aria-hidden="true"></span>
        <xsl:text>info</xsl:text>
      </label>
    </form>
  </xsl:template>

  <xsl:template name="record-section">
    <xsl:param name="anchor"/>
    <xsl:param name="title"/>
    <xsl:param name="kind"/>
    <xsl:param name="findings"/>
    <section class="record" id="{$anchor}">
      <header class="record-head">
        <h3>
          <a class="anchor" href="#{$anchor}"><xsl:value-of select="$title"/></a>
        </h3>
        <xsl:if test="$kind = 'record'">
          <span class="record-path"><xsl:value-of select="$findings[1]/o:location/@path"/></span>
        </xsl:if>
        <xsl:call-template name="tally">
          <xsl:with-param name="findings" select="$findings"/>
        </xsl:call-template>
      </header>
      <ol class="findings">
        <xsl:apply-templates select="$findings" mode="full"/>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="o:finding" mode="full">
    <xsl:variable name="rule" select="key('rule', @rule)"/>
    <li class="finding sev-{@severity}" data-severity="{@severity}" data-fingerprint="{@fingerprint}">
      <xsl:call-template name="data-rule"/>
      <!-- diff and baseline results: the finding's state, as a class and a label -->
      <xsl:if test="@baseline-state">
        <xsl:attribute name="class">finding sev-<xsl:value-of select="@severity"/> state-<xsl:value-of select="@baseline-state"/></xsl:attribute>
        <xsl:attribute name="data-state"><xsl:value-of select="@baseline-state"/></xsl:attribute>
      </xsl:if>
      <div class="finding-head">
        <xsl:call-template name="badge">
          <xsl:with-param name="severity" select="@severity"/>
        </xsl:call-template>
        <xsl:if test="@baseline-state">
          <span class="state-label state-{@baseline-state}">
            <xsl:choose>
              <xsl:when test="@baseline-state = 'new'">introduced</xsl:when>
              <xsl:when test="@baseline-state = 'absent'">resolved</xsl:when>
              <xsl:otherwise>unchanged</xsl:otherwise>
            </xsl:choose>
          </span>
        </xsl:if>
        <xsl:call-template name="rule-link">
          <xsl:with-param name="id" select="@rule"/>
        </xsl:call-template>
        <span class="location">
          <xsl:apply-templates select="o:location" mode="text"/>
        </span>
      </div>
      <p class="message"><xsl:value-of select="o:message"/></p>
      <xsl:if test="o:value">
        <table class="values">
          <tbody>
            <xsl:for-each select="o:value">
              <tr>
                <th scope="row"><xsl:value-of select="@name"/></th>
                <td class="value-text"><xsl:value-of select="."/></td>
                <td class="value-source">
                  <xsl:if test="@source">
                    <span class="source-label">source </span>
                    <xsl:value-of select="@source"/>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
      <xsl:if test="o:related">
        <ul class="related">
          <xsl:apply-templates select="o:related"/>
        </ul>
      </xsl:if>
      <p class="fingerprint">
        <xsl:text>fingerprint </xsl:text>
        <code><xsl:value-of select="@fingerprint"/></code>
      </p>
    </li>
  </xsl:template>

  <xsl:template match="o:related">
    <xsl:variable name="here" select="../o:location"/>
    <li>
      <span class="related-label">
        <xsl:choose>
          <xsl:when test="position() = 1">see also</xsl:when>
          <xsl:otherwise>and</xsl:otherwise>
        </xsl:choose>
      </span>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="@record and @record = $here/@record and @path = $here/@path">
          <span class="related-self">this record</span>
        </xsl:when>
        <xsl:when test="@record and key('record-run', @record)">
          <a href="#record-{translate(@record, $unsafe, $unsafe-to)}"><xsl:value-of select="@record"/></a>
        </xsl:when>
        <xsl:when test="@record">
          <span class="related-record"><xsl:value-of select="@record"/></span>
        </xsl:when>
        <xsl:when test="key('file-run', @path)">
          <a href="#file-{translate(@path, $unsafe, $unsafe-to)}"><xsl:value-of select="@path"/></a>
        </xsl:when>
      </xsl:choose>
      <xsl:text> </xsl:text>
      <span class="location"><xsl:apply-templates select="." mode="text"/></span>
    </li>
  </xsl:template>

  <!-- path:line:column, leaving out a line or column of 0 (unknown). -->
  <xsl:template match="o:location | o:related" mode="text">
    <xsl:value-of select="@path"/>
    <xsl:if test="@line &gt; 0">
      <xsl:text>:</xsl:text>
      <xsl:value-of select="@line"/>
      <xsl:if test="@column &gt; 0">
        <xsl:text>:</xsl:text>
        <xsl:value-of select="@column"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="badge">
    <xsl:param name="severity"/>
    <span class="badge sev-{$severity}">
      <span class="shape shape-{$severity}" aria-hidden="true"></span>
      <xsl:value-of select="$severity"/>
    </span>
  </xsl:template>

  <xsl:template name="rule-link">
    <xsl:param name="id"/>
    <xsl:variable name="rule" select="key('rule', $id)"/>
    <xsl:choose>
      <xsl:when test="$rule">
        <a class="rule" href="#rule-{translate($id, $unsafe, $unsafe-to)}">
          <span class="rule-id"><xsl:value-of select="$id"/></span>
          <xsl:text> </xsl:text>
          <span class="rule-name"><xsl:value-of select="$rule/@name"/></span>
        </a>
      </xsl:when>
      <xsl:when test="key('rule', 'OC170')">
        <!-- A Schematron assertion: its id, and OC170's name and entry. -->
        <a class="rule" href="#rule-OC170">
          <span class="rule-id"><xsl:value-of select="$id"/></span>
          <xsl:text> </xsl:text>
          <span class="rule-name"><xsl:value-of select="key('rule', 'OC170')/@name"/></span>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="rule"><span class="rule-id"><xsl:value-of select="$id"/></span></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- data-rule: the finding's catalogue rule; data-assertion: the id of a
       Schematron assertion, for its findings. -->
  <xsl:template name="data-rule">
    <xsl:choose>
      <xsl:when test="key('rule', @rule)">
        <xsl:attribute name="data-rule"><xsl:value-of select="@rule"/></xsl:attribute>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="data-rule">OC170</xsl:attribute>
        <xsl:attribute name="data-assertion"><xsl:value-of select="@rule"/></xsl:attribute>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================ findings by rule -->

  <xsl:template name="by-rule">
    <section id="by-rule" aria-labelledby="by-rule-title">
      <h2 id="by-rule-title">Findings by rule</h2>
      <xsl:for-each select="$catalogued-rules | $schematron-rule | $uncatalogued-heads[not($schematron-rule)]">
        <xsl:sort select="concat(@id, @rule)"/>
        <xsl:variable name="id" select="concat(@id, @rule)"/>
        <xsl:choose>
          <xsl:when test="$id = 'OC170' and $schematron-rule">
            <xsl:call-template name="schematron-groups"/>
          </xsl:when>
          <xsl:when test="$indexed">
            <xsl:call-template name="rule-group">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="findings" select="oc:findings-with-rule($id)"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="rule-group">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="findings" select="/o:results/o:findings/o:finding[@rule = $id]"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- OC170: a group for each Schematron assertion with findings. -->
  <xsl:template name="schematron-groups">
    <section class="rule-group" id="by-rule-OC170">
      <header class="record-head">
        <h3>
          <xsl:call-template name="rule-link">
            <xsl:with-param name="id" select="'OC170'"/>
          </xsl:call-template>
        </h3>
        <xsl:call-template name="tally">
          <xsl:with-param name="findings" select="/o:results/o:findings/o:finding[not(key('rule', @rule))]"/>
        </xsl:call-template>
      </header>
      <xsl:for-each select="$uncatalogued-heads">
        <xsl:sort select="@rule"/>
        <xsl:variable name="id" select="@rule"/>
        <xsl:choose>
          <xsl:when test="$indexed">
            <xsl:call-template name="rule-group">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="findings" select="oc:findings-with-rule($id)"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="rule-group">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="findings" select="/o:results/o:findings/o:finding[@rule = $id]"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- One rule's findings: $findings are the findings whose rule is $id,
       in document order. -->
  <xsl:template name="rule-group">
    <xsl:param name="id"/>
    <xsl:param name="findings"/>
    <xsl:variable name="rule" select="key('rule', $id)"/>
    <section class="rule-group" id="by-rule-{translate($id, $unsafe, $unsafe-to)}">
      <header class="record-head">
        <h3>
          <xsl:call-template name="rule-link">
            <xsl:with-param name="id" select="$id"/>
          </xsl:call-template>
        </h3>
        <xsl:call-template name="tally">
          <xsl:with-param name="findings" select="$findings"/>
        </xsl:call-template>
      </header>
      <table class="refs">
        <thead>
          <tr>
            <th scope="col" class="col-severity">Severity</th>
            <th scope="col" class="col-record">Record</th>
            <th scope="col" class="col-line">Line</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$findings">
            <tr class="finding-ref sev-{@severity}" data-severity="{@severity}"
                data-fingerprint="{@fingerprint}">
              <xsl:call-template name="data-rule"/>
              <td class="ref-severity">
                <xsl:call-template name="badge">
                  <xsl:with-param name="severity" select="@severity"/>
                </xsl:call-template>
              </td>
              <td class="ref-record">
                <xsl:choose>
                  <xsl:when test="o:location/@record">
                    <a href="#record-{translate(o:location/@record, $unsafe, $unsafe-to)}">
                      <xsl:value-of select="o:location/@record"/>
                    </a>
                  </xsl:when>
                  <xsl:otherwise>
                    <a href="#file-{translate(o:location/@path, $unsafe, $unsafe-to)}">
                      <xsl:value-of select="o:location/@path"/>
                    </a>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="ref-line">
                <xsl:if test="o:location/@line &gt; 0">
                  <xsl:value-of select="o:location/@line"/>
                  <xsl:if test="o:location/@column &gt; 0">
                    <xsl:text>:</xsl:text>
                    <xsl:value-of select="o:location/@column"/>
                  </xsl:if>
                </xsl:if>
              </td>
              <td class="ref-message"><xsl:value-of select="o:message"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- ================================================= rule catalogue -->

  <xsl:template match="o:catalog">
    <section id="rules" aria-labelledby="rules-title">
      <h2 id="rules-title">Rule catalogue</h2>
      <p class="section-note">
        <xsl:text>Every rule orgcheck knows, with the severity in force for this run. Records are read and validated first (OC0xx), then checked against each other (OC1xx).</xsl:text>
      </p>
      <table class="catalogue">
        <thead>
          <tr>
            <th scope="col" class="col-rule">Rule</th>
            <th scope="col" class="col-severity">Severity</th>
            <th scope="col" class="col-findings">Findings</th>
            <th scope="col">What it checks</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="o:rule">
            <xsl:sort select="@id"/>
            <xsl:variable name="n">
              <xsl:choose>
                <xsl:when test="@id = 'OC170'">
                  <xsl:value-of select="count(/o:results/o:findings/o:finding[not(key('rule', @rule))])"/>
                </xsl:when>
                <xsl:when test="$indexed">
                  <xsl:value-of select="count(oc:findings-with-rule(@id))"/>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:value-of select="count(/o:results/o:findings/o:finding[@rule = current()/@id])"/>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <tr id="rule-{translate(@id, $unsafe, $unsafe-to)}">
              <xsl:if test="@enabled != 'true'">
                <xsl:attribute name="class">disabled</xsl:attribute>
              </xsl:if>
              <th scope="row">
                <span class="rule-id"><xsl:value-of select="@id"/></span>
                <span class="rule-name"><xsl:value-of select="@name"/></span>
              </th>
              <td>
                <xsl:call-template name="badge">
                  <xsl:with-param name="severity" select="@severity"/>
                </xsl:call-template>
                <xsl:if test="@severity != @default-severity">
                  <span class="note">
                    <xsl:text>configured; default </xsl:text>
                    <xsl:value-of select="@default-severity"/>
                  </span>
                </xsl:if>
                <xsl:if test="@enabled != 'true'">
                  <span class="note off">disabled</span>
                </xsl:if>
              </td>
              <td class="num">
                <xsl:choose>
                  <xsl:when test="$n &gt; 0">
                    <a href="#by-rule-{translate(@id, $unsafe, $unsafe-to)}"><xsl:value-of select="$n"/></a>
                  </xsl:when>
                  <xsl:when test="@enabled != 'true'">
                    <span class="muted">off</span>
                  </xsl:when>
                  <xsl:otherwise><span class="muted">0</span></xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="description"><xsl:value-of select="o:description"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- =========================================================== words -->

  <xsl:template name="plural">
    <xsl:param name="n"/>
    <xsl:param name="word"/>
    <xsl:value-of select="$n"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$word"/>
    <xsl:if test="$n != 1">s</xsl:if>
  </xsl:template>

  <!-- ============================================================= css -->

  <xsl:template name="css">
    <xsl:text>
:root {
  --ink: #1c2128;
  --muted: #59636e;
  --faint: #8c959f;
  --line: #d9dee3;
  --soft: #f5f7f9;
  --paper: #ffffff;
  --accent: #0b5cad;
  --error: #b3261e;
  --error-fill: #c62f26;
  --error-soft: #fdf0ef;
  --warning: #8a5300;
  --warning-fill: #e8a317;
  --warning-soft: #fdf6e7;
  --info: #1d5b9e;
  --info-fill: #4a86c8;
  --info-soft: #eef4fb;
  --mono: ui-monospace, "SFMono-Regular", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  color: var(--ink);
  background: var(--paper);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
.wrap { max-width: 1000px; margin: 0 auto; padding: 0 28px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
code, .location, .record-path, .rule-id, .value-source, .fingerprint code, .ref-line { font-family: var(--mono); font-size: 0.86em; }
h1, h2, h3 { line-height: 1.25; }
h2 { font-size: 1.3rem; font-weight: 650; margin: 2.6rem 0 1rem; padding-top: 1.2rem; border-top: 1px solid var(--line); }
h2 .count { color: var(--muted); font-weight: 500; margin-left: 0.25em; }
.quiet-heading { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); margin: 0; padding: 0; border: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.muted { color: var(--faint); }

/* header */
.masthead { border-bottom: 1px solid var(--line); background: var(--soft); padding: 28px 0 0; }
.masthead h1 { margin: 0 0 14px; font-size: 1.9rem; font-weight: 700; letter-spacing: -0.01em; }
.run { display: flex; flex-wrap: wrap; gap: 6px 36px; margin: 0 0 18px; }
.run div { min-width: 0; }
.run dt { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.run dd { margin: 0; font-weight: 550; overflow-wrap: anywhere; }
.run dd code { font-size: 0.92em; font-weight: 500; }
.toc { display: flex; flex-wrap: wrap; gap: 0 22px; font-size: 0.92rem; }
.toc a { display: inline-block; padding: 8px 0 10px; color: var(--muted); border-bottom: 2px solid transparent; }
.toc a:hover { color: var(--ink); border-bottom-color: var(--line); text-decoration: none; }

/* summary */
#summary { margin-top: 26px; }
.verdict { font-size: 1.12rem; margin: 0 0 18px; max-width: 52em; }
.verdict .outcome { color: var(--muted); }
.cards { display: grid; grid-template-columns: 1.35fr 1fr 1fr 1fr; gap: 14px; }
.card { display: flex; flex-direction: column; padding: 14px 16px 13px; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); min-width: 0; }
.card-label { font-size: 0.82rem; font-weight: 600; color: var(--muted); display: flex; align-items: center; gap: 7px; }
.card-number { font-size: 2.3rem; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; margin: 2px 0 1px; }
.card-detail { font-size: 0.8rem; color: var(--muted); }
.card-error { border-top: 4px solid var(--error-fill); }
.card-error .card-number { color: var(--error); }
.card-warning { border-top: 4px solid var(--warning-fill); }
.card-warning .card-number { color: var(--warning); }
.card-info { border-top: 4px solid var(--info-fill); }
.card-info .card-number { color: var(--info); }
.card-files { border-top: 4px solid var(--ink); }
.card-detail .invalid { color: var(--error); font-weight: 600; }
.card-zero { border-top-color: var(--line); }
.card-zero .card-number { color: var(--faint); }
.card-zero .shape { opacity: 0.45; }

/* severity shapes: square = error, triangle = warning, circle = info */
.shape { display: inline-block; width: 0.72em; height: 0.72em; flex: none; vertical-align: -0.02em; }
.shape-error { background: var(--error-fill); }
.shape-warning { background: var(--warning-fill); clip-path: polygon(50% 0, 100% 95%, 0 95%); width: 0.82em; height: 0.8em; }
.shape-info { background: var(--info-fill); border-radius: 50%; }
svg .fill-error { fill: var(--error-fill); }
svg .fill-warning { fill: var(--warning-fill); }
svg .fill-info { fill: var(--info-fill); }

.badge { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px 1px 7px; border-radius: 999px; font-size: 0.76rem; font-weight: 650; letter-spacing: 0.01em; white-space: nowrap; }
.badge.sev-error { background: var(--error-soft); color: var(--error); box-shadow: inset 0 0 0 1px #f3c7c3; }
.badge.sev-warning { background: var(--warning-soft); color: var(--warning); box-shadow: inset 0 0 0 1px #f1d9a6; }
.badge.sev-info { background: var(--info-soft); color: var(--info); box-shadow: inset 0 0 0 1px #c9dbef; }

/* charts */
.charts { display: grid; grid-template-columns: 1fr; gap: 10px; }
.chart { margin: 0; min-width: 0; }
.chart figcaption { font-size: 0.8rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 4px; }
.chart-severity { margin-bottom: 14px; }
svg.bars { display: block; width: 100%; height: auto; overflow: visible; }
svg.bars text { font-size: 13px; fill: var(--ink); }
svg.bars .rule-id { font-family: var(--mono); font-size: 12px; font-weight: 600; }
svg.bars .value { font-variant-numeric: tabular-nums; fill: var(--muted); font-weight: 600; }
svg.bars .zero .label, svg.bars .zero .value { fill: var(--faint); }
svg.bars .zero rect, svg.bars .zero polygon, svg.bars .zero circle { opacity: 0.45; }
svg.bars a:hover .label, svg.bars a:focus .label { fill: var(--accent); text-decoration: underline; }

/* record index */
.record-index { list-style: none; margin: 0; padding: 0; columns: 3 220px; column-gap: 28px; }
.record-index li { display: flex; justify-content: space-between; align-items: baseline; gap: 10px; padding: 4px 0; border-bottom: 1px solid #eef1f4; break-inside: avoid; }
.record-index a { font-family: var(--mono); font-size: 0.86rem; overflow-wrap: anywhere; }
.tally { display: inline-flex; gap: 10px; font-size: 0.82rem; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tally-item { display: inline-flex; align-items: center; gap: 4px; }
.tally-item.sev-error { color: var(--error); }
.tally-item.sev-warning { color: var(--warning); }
.tally-item.sev-info { color: var(--info); }

/* findings by record */
.section-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px 20px; border-top: 1px solid var(--line); margin: 2.6rem 0 0.6rem; padding-top: 1.2rem; }
.section-head h2 { border: 0; margin: 0; padding: 0; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; font-size: 0.86rem; margin: 0; }
.filters-label { color: var(--muted); }
.filters label { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
.filters input { margin: 0; accent-color: var(--ink); }
body:has(#show-error:not(:checked)) [data-severity="error"],
body:has(#show-warning:not(:checked)) [data-severity="warning"],
body:has(#show-info:not(:checked)) [data-severity="info"] { display: none; }

.record { margin: 0 0 26px; scroll-margin-top: 12px; }
.record:target .record-head h3 a, .rule-group:target .record-head h3 a { background: #fff3bf; }
.record-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; padding: 10px 0 8px; border-bottom: 2px solid var(--ink); }
.record-head h3 { margin: 0; font-size: 1.08rem; font-weight: 700; }
.record-head h3 a.anchor { color: var(--ink); font-family: var(--mono); font-size: 1rem; overflow-wrap: anywhere; }
.record-path { color: var(--muted); overflow-wrap: anywhere; }
.record-head .tally { margin-left: auto; }
.findings { list-style: none; margin: 0; padding: 0; }
.finding { position: relative; padding: 12px 0 12px 16px; border-bottom: 1px solid var(--line); }
.finding::before { content: ""; position: absolute; left: 0; top: 14px; bottom: 14px; width: 3px; border-radius: 2px; }
.finding.sev-error::before { background: var(--error-fill); }
.finding.sev-warning::before { background: var(--warning-fill); }
.finding.sev-info::before { background: var(--info-fill); }
.finding-head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.finding-head .rule { font-weight: 600; }
.rule .rule-id { font-weight: 650; }
.finding-head .location { margin-left: auto; color: var(--muted); overflow-wrap: anywhere; }
.message { margin: 6px 0 4px; max-width: 60em; overflow-wrap: anywhere; }
.values { border-collapse: collapse; margin: 6px 0 2px; font-size: 0.88rem; }
.values th, .values td { padding: 2px 14px 2px 0; text-align: left; vertical-align: baseline; }
.values th { font-weight: 500; color: var(--muted); white-space: nowrap; }
.values .value-text { font-weight: 550; overflow-wrap: anywhere; }
.values .value-source { color: var(--muted); overflow-wrap: anywhere; }
.source-label { font-family: system-ui, sans-serif; font-size: 0.92em; color: var(--faint); }
.related { list-style: none; margin: 4px 0 0; padding: 0; font-size: 0.88rem; }
.related li { margin: 1px 0; }
.related-label { color: var(--muted); }
.related a { font-family: var(--mono); font-size: 0.95em; }
.related .location { color: var(--faint); }
.related-self, .related-record { color: var(--muted); }
.fingerprint { margin: 4px 0 0; font-size: 0.74rem; color: var(--faint); }
.fingerprint code { font-size: 1em; }

/* findings by rule */
.rule-group { margin: 0 0 26px; scroll-margin-top: 12px; }
.rule-group .record-head h3 a { color: var(--ink); }
.refs, .catalogue { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
.refs { table-layout: fixed; }
.refs th, .refs td, .catalogue th, .catalogue td { text-align: left; vertical-align: top; padding: 7px 12px 7px 0; border-bottom: 1px solid var(--line); }
.refs thead th, .catalogue thead th { font-size: 0.74rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 600; padding-top: 10px; }
.col-severity { width: 96px; }
.col-record { width: 22%; }
.col-line { width: 64px; }
.ref-record a { font-family: var(--mono); font-size: 0.92em; overflow-wrap: anywhere; }
.ref-line { color: var(--muted); white-space: nowrap; }
.ref-message { overflow-wrap: anywhere; }

/* rule catalogue */
.section-note { color: var(--muted); margin: -0.4rem 0 0.8rem; max-width: 52em; }
.catalogue tr { scroll-margin-top: 12px; }
.catalogue tr:target { background: #fff8d6; }
.catalogue th[scope="row"] { width: 230px; font-weight: 500; }
.catalogue th[scope="row"] .rule-id { display: block; font-weight: 700; }
.catalogue th[scope="row"] .rule-name { color: var(--muted); font-size: 0.9em; }
.col-rule { width: 230px; }
.col-findings { width: 80px; }
.catalogue td.num { font-variant-numeric: tabular-nums; font-weight: 600; }
.catalogue .note { display: block; font-size: 0.76rem; color: var(--muted); margin-top: 3px; }
.catalogue .note.off { color: var(--muted); font-weight: 650; text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.68rem; }
.catalogue tr.disabled .badge { opacity: 0.5; }
.catalogue tr.disabled .description, .catalogue tr.disabled .rule-id { color: var(--faint); }
.description { color: #333a42; }

footer { color: var(--faint); font-size: 0.8rem; margin-top: 48px; padding-bottom: 40px; }
footer p { border-top: 1px solid var(--line); padding-top: 14px; margin: 0; }

.chart-scroll { overflow-x: auto; }
@media (max-width: 760px) {
  .wrap { padding: 0 16px; }
  .cards { grid-template-columns: 1fr 1fr; }
  svg.bars { min-width: 600px; }
  .col-record, .col-rule, .catalogue th[scope="row"] { width: auto; }
  .col-findings { width: auto; }
  .finding-head .location { margin-left: 0; }
  .values, .values tbody, .values tr { display: block; }
  .values th, .values td { display: inline; padding-right: 8px; }
  .values tr { margin-bottom: 3px; }
}
@media print {
  .filters, .toc { display: none; }
  .masthead { background: none; }
  .record, .rule-group, .finding { break-inside: avoid; }
  a { color: inherit; }
}
</xsl:text>
  </xsl:template>

</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!--
  The orgcheck HTML report, made from a results document
  (schemas/results.xsd, namespace urn:orgcheck:results:1).

  One self-contained page: no other file, no network. A small inline
  script adds search and filters; without it the page reads the same,
  every group of findings expandable with <details>. Everything taken from
  the results is written as text, so whatever a record holds is shown,
  never run. The same results give the same bytes.

  Page order: header, summary, what to fix first (the groups of findings,
  one per rule and severity: errors before warnings before info, files
  that cannot be read or fail the schema before the rules across records,
  rare rules before common ones, each group its count and first few
  findings, the rest expandable), the records (each record with findings:
  its neighbourhood as a graph, its dated claims as a timeline, both with
  a table that says the same in words; its neighbours in a list), for the
  bundled corpus an overview of how its hubs are linked, the rule
  catalogue. Every finding is listed once.

  Parameters:
    link-template  where a location links: {path} and {line} are replaced
                   (default {path}, a link relative to the report);
                   e.g. https://example.org/repo/blob/main/{path}#L{line}
    pages          'yes': besides this page (the index), one page per
                   group of findings (rule-*.html, 500 findings a page)
                   and per record with findings (record-*.html), and a
                   list of every record shown (records.html), written next
                   to it with xsl:document; the index then lists only the
                   first findings of each group. For large corpora.

  The graphs and timelines are drawn here, in XSLT: a neighbourhood is a
  record and the few records it links to or is linked from, laid out in
  three columns (linked from, the record, links to), which needs no layout
  engine, reads left to right, keeps every label horizontal, and renders
  the same in any XSLT 1.0 processor (xsltproc too), byte for byte.
  Graphviz would lay out larger graphs better but adds a library and a
  layout that shifts when one record changes; a record's neighbourhood
  stays small, and past a cap the rest are counted, not drawn.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:o="urn:orgcheck:results:1"
                xmlns:oc="urn:orgcheck:xslt:1"
                xmlns:svg="http://www.w3.org/2000/svg"
                exclude-result-prefixes="o oc svg">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <xsl:strip-space elements="*"/>

  <xsl:param name="link-template" select="'{path}'"/>
  <xsl:param name="pages" select="''"/>

  <xsl:key name="rule" match="o:catalog/o:rule" use="@id"/>
  <xsl:key name="record" match="o:records/o:record" use="@id"/>
  <xsl:key name="links-to" match="o:records/o:record/o:link" use="@target"/>
  <xsl:key name="by-record" match="o:findings/o:finding" use="o:location/@record"/>
  <xsl:key name="by-record-rule" match="o:findings/o:finding" use="concat(o:location/@record, ' ', @rule)"/>
  <xsl:key name="link-kind" match="o:records/o:record/o:link" use="concat(../@id, ' ', @target, ' ', @kind)"/>
  <xsl:key name="link-pair" match="o:records/o:record/o:link" use="concat(../@id, ' ', @target)"/>

  <!-- Characters replaced in anchors and file names, so an id and the
       link to it read the same (libxml2 escapes links, not ids). -->
  <xsl:variable name="unsafe" select="concat(' &#9;&#10;&#13;&quot;#%&lt;&gt;[\]^`{|}&amp;?/:;=@+,$.', &quot;'&quot;)"/>
  <xsl:variable name="unsafe-to" select="'______________________________'"/>

  <xsl:variable name="paged" select="$pages = 'yes'"/>
  <xsl:variable name="all" select="/o:results/o:findings/o:finding"/>
  <xsl:variable name="total" select="count($all)"/>
  <xsl:variable name="errors" select="number(/o:results/o:summary/o:findings[@severity = 'error']/@count)"/>
  <xsl:variable name="warnings" select="number(/o:results/o:summary/o:findings[@severity = 'warning']/@count)"/>
  <xsl:variable name="infos" select="number(/o:results/o:summary/o:findings[@severity = 'info']/@count)"/>
  <xsl:variable name="with-findings" select="/o:results/o:records/o:record[@findings &gt; 0]"/>
  <xsl:variable name="neighbours" select="/o:results/o:records/o:record[@findings = 0]"/>
  <xsl:variable name="has-state" select="boolean($all[@baseline-state])"/>
  <!-- orgcheck render offers oc:findings-with-rule(RULE), the findings of
       RULE from a table filed once; other processors take the XPath. -->
  <xsl:variable name="indexed" select="function-available('oc:findings-with-rule')"/>
  <!-- Findings shown in a group before "show the other N". -->
  <xsl:variable name="first-few" select="5"/>
  <!-- Findings on one page of a group, with pages. -->
  <xsl:variable name="page-size" select="500"/>
  <!-- On one page, records drawn with a graph and a timeline; past it
       their links and dates are listed as text (pages draw every one). -->
  <xsl:variable name="picture-limit" select="200"/>
  <!-- Neighbours drawn in each column of a graph. -->
  <xsl:variable name="column-cap" select="12"/>

  <!-- The groups of findings, one per rule and severity, in the order to
       fix them: severity; files that cannot be read or are invalid
       (OC0xx) before the rules across records, since those findings can
       be consequences of a record that was not read; fewer findings
       first; rule id. -->
  <xsl:variable name="groups-sorted">
    <xsl:for-each select="/o:results/o:summary/o:rule">
      <xsl:sort select="string-length(substring-before('error warning info', @severity))" data-type="number"/>
      <xsl:sort select="number(not(starts-with(@rule, 'OC0')))" data-type="number"/>
      <xsl:sort select="@count" data-type="number"/>
      <xsl:sort select="@rule"/>
      <xsl:value-of select="concat(@rule, ':', @severity, ' ')"/>
    </xsl:for-each>
  </xsl:variable>

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
    <xsl:call-template name="page">
      <xsl:with-param name="kind" select="'index'"/>
    </xsl:call-template>
    <xsl:if test="$paged">
      <xsl:call-template name="write-pages"/>
    </xsl:if>
  </xsl:template>

  <!-- The frame of every page: head, masthead, main, footer, script.
       What is in main depends on kind (page-body); the body is written
       in place, not passed as a tree to copy, which would build every
       page twice. -->
  <xsl:template name="page">
    <xsl:param name="kind"/>
    <xsl:param name="subtitle" select="''"/>
    <xsl:param name="index" select="''"/>
    <xsl:param name="rule" select="''"/>
    <xsl:param name="severity" select="''"/>
    <xsl:param name="set" select="/.."/>
    <xsl:param name="n" select="0"/>
    <xsl:param name="page-number" select="1"/>
    <xsl:param name="page-count" select="1"/>
    <xsl:variable name="r" select="/o:results"/>
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="orgcheck {$r/o:tool/@version}"/>
        <title>
          <xsl:text>orgcheck report – </xsl:text>
          <xsl:value-of select="$r/o:run/@today"/>
          <xsl:if test="$subtitle != ''">
            <xsl:text> – </xsl:text>
            <xsl:value-of select="$subtitle"/>
          </xsl:if>
        </title>
        <xsl:choose>
          <xsl:when test="$paged">
            <link rel="stylesheet" href="report.css"/>
          </xsl:when>
          <xsl:otherwise>
            <style>
              <xsl:call-template name="css"/>
            </style>
          </xsl:otherwise>
        </xsl:choose>
      </head>
      <body>
        <a class="skip" href="#main">Skip to the findings</a>
        <header class="masthead">
          <div class="wrap">
            <p class="brand">
              <xsl:choose>
                <xsl:when test="$subtitle != ''">
                  <a href="index.html">orgcheck report</a>
                </xsl:when>
                <xsl:otherwise>orgcheck report</xsl:otherwise>
              </xsl:choose>
            </p>
            <dl class="run">
              <div>
                <dt>Run date</dt>
                <dd><time><xsl:value-of select="$r/o:run/@today"/></time></dd>
              </div>
              <div>
                <dt>Tool</dt>
                <dd>
                  <xsl:value-of select="$r/o:tool/@name"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="$r/o:tool/@version"/>
                </dd>
              </div>
              <div>
                <dt>Rules file</dt>
                <dd>
                  <xsl:choose>
                    <xsl:when test="$r/o:run/@rules-file">
                      <code><xsl:value-of select="$r/o:run/@rules-file"/></code>
                    </xsl:when>
                    <xsl:otherwise>none (built-in defaults)</xsl:otherwise>
                  </xsl:choose>
                </dd>
              </div>
              <div>
                <dt>Fails on</dt>
                <dd><xsl:value-of select="$r/o:run/@fail-on"/></dd>
              </div>
            </dl>
            <nav class="toc" aria-label="Sections">
              <a href="{$index}#summary">Summary</a>
              <xsl:if test="$total &gt; 0">
                <a href="{$index}#fix-first">Fix first</a>
                <a href="{$index}#records">Records</a>
              </xsl:if>
              <a href="{$index}#rules">Rule catalogue</a>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          <xsl:if test="$subtitle != ''">
            <h1><xsl:value-of select="$subtitle"/></h1>
          </xsl:if>
          <xsl:call-template name="page-body">
            <xsl:with-param name="kind" select="$kind"/>
            <xsl:with-param name="rule" select="$rule"/>
            <xsl:with-param name="severity" select="$severity"/>
            <xsl:with-param name="set" select="$set"/>
            <xsl:with-param name="n" select="$n"/>
            <xsl:with-param name="page-number" select="$page-number"/>
            <xsl:with-param name="page-count" select="$page-count"/>
          </xsl:call-template>
        </main>
        <footer class="wrap">
          <p>
            <xsl:text>orgcheck </xsl:text>
            <xsl:value-of select="$r/o:tool/@version"/>
            <xsl:text> · results of </xsl:text>
            <xsl:value-of select="$r/o:run/@today"/>
            <xsl:text>. A finding's fingerprint does not depend on line numbers: it names the same finding across edits.</xsl:text>
          </p>
        </footer>
        <xsl:choose>
          <xsl:when test="$total = 0"/>
          <xsl:when test="$paged">
            <script src="report.js"></script>
          </xsl:when>
          <xsl:otherwise>
            <script>
              <xsl:call-template name="script"/>
            </script>
          </xsl:otherwise>
        </xsl:choose>
      </body>
    </html>
  </xsl:template>

  <!-- What main holds on each kind of page. For a record page the
       context node is the record; for a group page, set is the page's
       findings and n the group's. -->
  <xsl:template name="page-body">
    <xsl:param name="kind"/>
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:param name="set"/>
    <xsl:param name="n"/>
    <xsl:param name="page-number"/>
    <xsl:param name="page-count"/>
    <xsl:choose>
      <xsl:when test="$kind = 'record'">
        <xsl:call-template name="record-section">
          <xsl:with-param name="heading" select="'h2'"/>
        </xsl:call-template>
        <section class="group" aria-label="Findings" data-rule="" data-severity="">
          <h2>Findings</h2>
          <xsl:call-template name="finding-table">
            <xsl:with-param name="findings" select="key('by-record', @id)"/>
          </xsl:call-template>
        </section>
      </xsl:when>
      <xsl:when test="$kind = 'group'">
        <xsl:if test="$page-count &gt; 1">
          <nav class="pager" aria-label="Pages of this group">
            <xsl:call-template name="pager">
              <xsl:with-param name="rule" select="$rule"/>
              <xsl:with-param name="severity" select="$severity"/>
              <xsl:with-param name="i" select="1"/>
              <xsl:with-param name="count" select="$page-count"/>
              <xsl:with-param name="current" select="$page-number"/>
            </xsl:call-template>
          </nav>
        </xsl:if>
        <xsl:call-template name="filter-form"/>
        <xsl:call-template name="group-of">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="count" select="$n"/>
          <xsl:with-param name="open" select="true()"/>
          <xsl:with-param name="whole" select="true()"/>
          <xsl:with-param name="findings" select="$set"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$kind = 'records'">
        <h2>With findings</h2>
        <ul class="neighbours">
          <xsl:for-each select="$with-findings">
            <li>
              <xsl:call-template name="record-ref">
                <xsl:with-param name="id" select="@id"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
        <h2>Records without findings</h2>
        <xsl:call-template name="neighbour-list"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="summary"/>
        <xsl:if test="$total &gt; 0">
          <xsl:call-template name="fix-first"/>
          <xsl:call-template name="records"/>
        </xsl:if>
        <xsl:call-template name="overview"/>
        <xsl:apply-templates select="o:catalog"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================= summary -->

  <xsl:template name="summary">
    <xsl:variable name="s" select="/o:results/o:summary"/>
    <xsl:variable name="run" select="/o:results/o:run"/>
    <section id="summary" aria-labelledby="summary-title">
      <h1 id="summary-title">
        <xsl:choose>
          <xsl:when test="$total = 0">No findings</xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="plural">
              <xsl:with-param name="n" select="$total"/>
              <xsl:with-param name="word" select="'finding'"/>
            </xsl:call-template>
            <xsl:if test="$with-findings">
              <xsl:text> in </xsl:text>
              <xsl:call-template name="plural">
                <xsl:with-param name="n" select="count($with-findings)"/>
                <xsl:with-param name="word" select="'record'"/>
              </xsl:call-template>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </h1>
      <p class="verdict">
        <xsl:choose>
          <xsl:when test="$total = 0">
            <strong>No findings.</strong>
            <xsl:text> Every record passed every enabled rule.</xsl:text>
          </xsl:when>
          <xsl:otherwise>
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
            <xsl:when test="$run/@fail-on = 'none'">The run does not fail on findings (fail-on none).</xsl:when>
            <xsl:when test="$run/@failed = 'true'">
              <xsl:text>The run failed: there are findings at or above </xsl:text>
              <xsl:value-of select="$run/@fail-on"/>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>The run passed: nothing at or above </xsl:text>
              <xsl:value-of select="$run/@fail-on"/>
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

  <!-- ======================================================= fix first -->

  <xsl:template name="fix-first">
    <section id="fix-first" aria-labelledby="fix-first-title">
      <h2 id="fix-first-title">What to fix first</h2>
      <p class="section-note">
        <xsl:text>Errors before warnings before info; within each, files that could not be read or do not follow the schema (OC0xx) before the checks across records, whose findings they can cause; then the rules with fewer findings, which are easier to miss. Each group shows its first </xsl:text>
        <xsl:value-of select="$first-few"/>
        <xsl:text> findings</xsl:text>
        <xsl:choose>
          <xsl:when test="$paged">; the others are on the group's own page.</xsl:when>
          <xsl:otherwise>; open it for the others.</xsl:otherwise>
        </xsl:choose>
      </p>
      <ol class="plan">
        <xsl:call-template name="each-group">
          <xsl:with-param name="list" select="$groups-sorted"/>
          <xsl:with-param name="mode" select="'plan'"/>
        </xsl:call-template>
      </ol>
      <xsl:call-template name="filter-form"/>
      <div class="groups">
        <xsl:call-template name="each-group">
          <xsl:with-param name="list" select="$groups-sorted"/>
          <xsl:with-param name="mode" select="'group'"/>
        </xsl:call-template>
      </div>
    </section>
  </xsl:template>

  <!-- Walks "RULE:SEVERITY " items, calling group or plan for each. -->
  <xsl:template name="each-group">
    <xsl:param name="list"/>
    <xsl:param name="mode"/>
    <xsl:param name="position" select="1"/>
    <xsl:if test="contains($list, ' ')">
      <xsl:variable name="item" select="substring-before($list, ' ')"/>
      <xsl:variable name="rule" select="substring-before($item, ':')"/>
      <xsl:variable name="severity" select="substring-after($item, ':')"/>
      <xsl:variable name="count" select="/o:results/o:summary/o:rule[@rule = $rule][@severity = $severity]/@count"/>
      <xsl:choose>
        <xsl:when test="$mode = 'plan'">
          <li class="sev-{$severity}">
            <a href="#{concat('g-', translate($rule, $unsafe, $unsafe-to), '-', $severity)}">
              <xsl:call-template name="badge">
                <xsl:with-param name="severity" select="$severity"/>
              </xsl:call-template>
              <xsl:text> </xsl:text>
              <span class="rule-id"><xsl:value-of select="$rule"/></span>
              <xsl:text> </xsl:text>
              <span class="rule-name"><xsl:value-of select="key('rule', $rule)/@name"/></span>
            </a>
            <xsl:text> </xsl:text>
            <span class="n"><xsl:value-of select="$count"/></span>
          </li>
        </xsl:when>
        <xsl:when test="$mode = 'pages'">
          <xsl:call-template name="group-pages">
            <xsl:with-param name="rule" select="$rule"/>
            <xsl:with-param name="severity" select="$severity"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="group">
            <xsl:with-param name="rule" select="$rule"/>
            <xsl:with-param name="severity" select="$severity"/>
            <xsl:with-param name="count" select="$count"/>
            <xsl:with-param name="open" select="$position = 1"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="each-group">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="mode" select="$mode"/>
        <xsl:with-param name="position" select="$position + 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The findings of a group, in document order: a Schematron
       assertion's findings carry their own id and count under OC170. -->
  <xsl:template name="group">
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:param name="count"/>
    <xsl:param name="open"/>
    <xsl:choose>
      <xsl:when test="$rule = 'OC170'">
        <xsl:call-template name="group-of">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="count" select="$count"/>
          <xsl:with-param name="open" select="$open"/>
          <xsl:with-param name="findings" select="$all[not(key('rule', @rule))][@severity = $severity]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$indexed">
        <xsl:call-template name="group-of">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="count" select="$count"/>
          <xsl:with-param name="open" select="$open"/>
          <xsl:with-param name="findings" select="oc:findings-with-rule($rule)[@severity = $severity]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="group-of">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="count" select="$count"/>
          <xsl:with-param name="open" select="$open"/>
          <xsl:with-param name="findings" select="$all[@rule = $rule][@severity = $severity]"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="group-href">
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:param name="page" select="1"/>
    <xsl:text>rule-</xsl:text>
    <xsl:value-of select="translate($rule, $unsafe, $unsafe-to)"/>
    <xsl:text>-</xsl:text>
    <xsl:value-of select="$severity"/>
    <xsl:if test="$page &gt; 1">
      <xsl:text>-</xsl:text>
      <xsl:value-of select="$page"/>
    </xsl:if>
    <xsl:text>.html</xsl:text>
  </xsl:template>

  <xsl:template name="group-of">
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:param name="count"/>
    <xsl:param name="open"/>
    <xsl:param name="findings"/>
    <xsl:param name="whole" select="false()"/>
    <xsl:variable name="entry" select="key('rule', $rule)"/>
    <xsl:variable name="n" select="count($findings)"/>
    <section class="group sev-{$severity}" id="{concat('g-', translate($rule, $unsafe, $unsafe-to), '-', $severity)}"
             data-rule="{$rule}" data-severity="{$severity}" aria-labelledby="{concat('gt-', translate($rule, $unsafe, $unsafe-to), '-', $severity)}">
      <h3 class="group-head" id="{concat('gt-', translate($rule, $unsafe, $unsafe-to), '-', $severity)}">
        <xsl:call-template name="badge">
          <xsl:with-param name="severity" select="$severity"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <a class="rule" href="#rule-{translate($rule, $unsafe, $unsafe-to)}">
          <span class="rule-id"><xsl:value-of select="$rule"/></span>
          <xsl:text> </xsl:text>
          <span class="rule-name"><xsl:value-of select="$entry/@name"/></span>
        </a>
        <xsl:text> </xsl:text>
        <span class="n">
          <xsl:call-template name="plural">
            <xsl:with-param name="n" select="$n"/>
            <xsl:with-param name="word" select="'finding'"/>
          </xsl:call-template>
        </span>
      </h3>
      <p class="group-desc"><xsl:value-of select="$entry/o:description"/></p>
      <xsl:choose>
        <xsl:when test="$whole">
          <xsl:call-template name="finding-table">
            <xsl:with-param name="findings" select="$findings"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="finding-table">
            <xsl:with-param name="findings" select="$findings[position() &lt;= $first-few]"/>
          </xsl:call-template>
          <xsl:if test="$n &gt; $first-few">
            <xsl:choose>
              <xsl:when test="$paged">
                <p class="more">
                  <a>
                    <xsl:attribute name="href">
                      <xsl:call-template name="group-href">
                        <xsl:with-param name="rule" select="$rule"/>
                        <xsl:with-param name="severity" select="$severity"/>
                      </xsl:call-template>
                    </xsl:attribute>
                    <xsl:text>All </xsl:text>
                    <xsl:value-of select="$n"/>
                    <xsl:text> findings of </xsl:text>
                    <xsl:value-of select="$rule"/>
                    <xsl:text> (</xsl:text>
                    <xsl:value-of select="$severity"/>
                    <xsl:text>)</xsl:text>
                  </a>
                </p>
              </xsl:when>
              <xsl:otherwise>
                <details class="more">
                  <xsl:if test="$open and $n &lt;= 50">
                    <xsl:attribute name="open">open</xsl:attribute>
                  </xsl:if>
                  <summary>
                    <xsl:text>The other </xsl:text>
                    <xsl:value-of select="$n - $first-few"/>
                    <xsl:text> findings of </xsl:text>
                    <xsl:value-of select="$rule"/>
                  </summary>
                  <xsl:call-template name="finding-table">
                    <xsl:with-param name="findings" select="$findings[position() &gt; $first-few]"/>
                  </xsl:call-template>
                </details>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="finding-table">
    <xsl:param name="findings"/>
    <table class="findings">
      <thead>
        <tr>
          <th scope="col" class="c-where">Where</th>
          <th scope="col" class="c-record">Record</th>
          <th scope="col">Finding</th>
        </tr>
      </thead>
      <tbody>
        <xsl:apply-templates select="$findings" mode="row"/>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="o:finding" mode="row">
    <xsl:variable name="loc" select="o:location"/>
    <tr class="finding" data-severity="{@severity}" data-fingerprint="{@fingerprint}">
      <xsl:attribute name="data-rule">
        <xsl:choose>
          <xsl:when test="key('rule', @rule)"><xsl:value-of select="@rule"/></xsl:when>
          <xsl:otherwise>OC170</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="not(key('rule', @rule))">
        <xsl:attribute name="data-assertion"><xsl:value-of select="@rule"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="$loc/@record">
        <xsl:attribute name="data-record"><xsl:value-of select="$loc/@record"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@baseline-state">
        <xsl:attribute name="data-state"><xsl:value-of select="@baseline-state"/></xsl:attribute>
      </xsl:if>
      <td class="f-where">
        <xsl:apply-templates select="$loc" mode="link"/>
      </td>
      <td class="f-record">
        <xsl:choose>
          <xsl:when test="$loc/@record">
            <xsl:call-template name="record-ref">
              <xsl:with-param name="id" select="$loc/@record"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><span class="muted">not a record</span></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="f-msg">
        <xsl:if test="@baseline-state">
          <span class="state state-{@baseline-state}">
            <xsl:choose>
              <xsl:when test="@baseline-state = 'new'">introduced</xsl:when>
              <xsl:when test="@baseline-state = 'absent'">resolved</xsl:when>
              <xsl:otherwise><xsl:value-of select="@baseline-state"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:if test="not(key('rule', @rule))">
          <code class="assertion"><xsl:value-of select="@rule"/></code>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:value-of select="o:message"/>
        <xsl:if test="o:value[@source]">
          <ul class="vals">
            <xsl:for-each select="o:value[@source]">
              <li>
                <span class="v-name"><xsl:value-of select="@name"/></span>
                <xsl:text> </xsl:text>
                <span class="v-text"><xsl:value-of select="."/></span>
                <xsl:text> </xsl:text>
                <xsl:call-template name="source">
                  <xsl:with-param name="source" select="@source"/>
                </xsl:call-template>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <xsl:if test="o:related[not(@record = $loc/@record and @path = $loc/@path)] or o:related[@line != $loc/@line]">
          <span class="see">
            <xsl:text> see also </xsl:text>
            <xsl:for-each select="o:related">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:if test="@record and @record != $loc/@record">
                <xsl:call-template name="record-ref">
                  <xsl:with-param name="id" select="@record"/>
                  <xsl:with-param name="short" select="true()"/>
                </xsl:call-template>
                <xsl:text> </xsl:text>
              </xsl:if>
              <xsl:apply-templates select="." mode="link"/>
            </xsl:for-each>
          </span>
        </xsl:if>
        <xsl:apply-templates select="o:fix" mode="patch"/>
      </td>
    </tr>
  </xsl:template>

  <!-- A fix under its finding: what it asserts, whether it is safe, and
       its patch ('orgcheck fix' prints and applies it). -->
  <xsl:template match="o:fix" mode="patch">
    <details class="fix fix-{@safety}">
      <summary>
        <span class="fix-safety"><xsl:value-of select="@safety"/> fix</span>
        <xsl:text> </xsl:text>
        <xsl:value-of select="o:description"/>
      </summary>
      <xsl:if test="o:patch">
        <pre class="patch"><xsl:call-template name="patch-lines">
            <xsl:with-param name="text" select="string(o:patch)"/>
          </xsl:call-template></pre>
      </xsl:if>
    </details>
  </xsl:template>

  <!-- The lines of a patch, each marked by what it does. -->
  <xsl:template name="patch-lines">
    <xsl:param name="text"/>
    <xsl:if test="string-length($text) &gt; 0">
      <xsl:variable name="line">
        <xsl:choose>
          <xsl:when test="contains($text, '&#10;')"><xsl:value-of select="substring-before($text, '&#10;')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <span>
        <xsl:attribute name="class">
          <xsl:choose>
            <xsl:when test="starts-with($line, '+++') or starts-with($line, '---') or starts-with($line, 'diff ')">p-file</xsl:when>
            <xsl:when test="starts-with($line, '+')">p-add</xsl:when>
            <xsl:when test="starts-with($line, '-')">p-del</xsl:when>
            <xsl:when test="starts-with($line, '@@')">p-hunk</xsl:when>
            <xsl:otherwise>p-ctx</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:value-of select="$line"/>
      </span>
      <xsl:text>&#10;</xsl:text>
      <xsl:call-template name="patch-lines">
        <xsl:with-param name="text" select="substring-after($text, '&#10;')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A location: path:line, linked through the link template. -->
  <xsl:template match="o:location | o:related" mode="link">
    <a class="loc">
      <xsl:attribute name="href">
        <xsl:call-template name="link">
          <xsl:with-param name="path" select="@path"/>
          <xsl:with-param name="line" select="@line"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:value-of select="@path"/>
      <xsl:if test="@line &gt; 0">
        <xsl:text>:</xsl:text>
        <xsl:value-of select="@line"/>
      </xsl:if>
    </a>
  </xsl:template>

  <xsl:template name="link">
    <xsl:param name="path"/>
    <xsl:param name="line"/>
    <xsl:choose>
      <!-- The default template, {path}, is the path itself (unless the
           path says {line}): no need to look for what to replace. -->
      <xsl:when test="$link-template = '{path}' and not(contains($path, '{line}'))">
        <xsl:value-of select="$path"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="link-replace">
          <xsl:with-param name="path" select="$path"/>
          <xsl:with-param name="line" select="$line"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="link-replace">
    <xsl:param name="path"/>
    <xsl:param name="line"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="text">
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="$link-template"/>
          <xsl:with-param name="from" select="'{path}'"/>
          <xsl:with-param name="to" select="$path"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="from" select="'{line}'"/>
      <xsl:with-param name="to" select="$line"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($text, $from)">
        <xsl:value-of select="substring-before($text, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Sources (a space-separated list): each a link when it is a URL,
       else its text. -->
  <xsl:template name="source">
    <xsl:param name="source"/>
    <xsl:variable name="s" select="normalize-space($source)"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' ')">
        <xsl:call-template name="source-one">
          <xsl:with-param name="source" select="substring-before($s, ' ')"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="source">
          <xsl:with-param name="source" select="substring-after($s, ' ')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="source-one">
          <xsl:with-param name="source" select="$s"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="source-one">
    <xsl:param name="source"/>
    <xsl:choose>
      <xsl:when test="starts-with($source, 'https://') or starts-with($source, 'http://')">
        <a class="src" href="{$source}" rel="noreferrer"><xsl:value-of select="$source"/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="src"><xsl:value-of select="$source"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where a record's section is: on this page, or (pages) its own page
       or the list of records. -->
  <xsl:template name="record-href">
    <xsl:param name="id"/>
    <xsl:variable name="r" select="key('record', $id)"/>
    <xsl:choose>
      <xsl:when test="$paged and $r/@findings &gt; 0">
        <xsl:value-of select="concat('record-', translate($id, $unsafe, $unsafe-to), '.html')"/>
      </xsl:when>
      <xsl:when test="$paged and $r">
        <xsl:value-of select="concat('records.html#r-', translate($id, $unsafe, $unsafe-to))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('#r-', translate($id, $unsafe, $unsafe-to))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A record by display name and id, linked to its section. -->
  <xsl:template name="record-ref">
    <xsl:param name="id"/>
    <xsl:param name="short" select="false()"/>
    <xsl:variable name="r" select="key('record', $id)"/>
    <xsl:choose>
      <xsl:when test="$r">
        <a class="rec">
          <xsl:attribute name="href">
            <xsl:call-template name="record-href">
              <xsl:with-param name="id" select="$id"/>
            </xsl:call-template>
          </xsl:attribute>
          <xsl:choose>
            <xsl:when test="$short or not($r/@name)"><code><xsl:value-of select="$id"/></code></xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="$r/@name"/>
              <xsl:text> </xsl:text>
              <code><xsl:value-of select="$id"/></code>
            </xsl:otherwise>
          </xsl:choose>
        </a>
      </xsl:when>
      <xsl:otherwise><code class="rec"><xsl:value-of select="$id"/></code></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Search and filters: shown by the script, which does the work. -->
  <xsl:template name="filter-form">
    <form id="filter" class="filters" role="search" aria-label="Filter the findings" hidden="hidden">
      <label>
        <span>Search</span>
        <input type="search" name="q" placeholder="text, record, file"/>
      </label>
      <label>
        <span>Rule</span>
        <select name="rule">
          <option value="">any</option>
          <xsl:for-each select="/o:results/o:summary/o:rule[not(@rule = preceding-sibling::o:rule/@rule)]">
            <option value="{@rule}">
              <xsl:value-of select="@rule"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="key('rule', @rule)/@name"/>
            </option>
          </xsl:for-each>
        </select>
      </label>
      <label>
        <span>Record</span>
        <input type="search" name="record" placeholder="id or name"/>
      </label>
      <xsl:if test="$has-state">
        <label>
          <span>State</span>
          <select name="state">
            <option value="">any</option>
            <option value="new">new</option>
            <option value="unchanged">unchanged</option>
            <option value="absent">absent</option>
          </select>
        </label>
      </xsl:if>
      <fieldset>
        <legend>Severity</legend>
        <label><input type="checkbox" name="sev" value="error" checked="checked"/> errors</label>
        <label><input type="checkbox" name="sev" value="warning" checked="checked"/> warnings</label>
        <label><input type="checkbox" name="sev" value="info" checked="checked"/> info</label>
      </fieldset>
      <output id="shown" aria-live="polite"></output>
    </form>
  </xsl:template>

  <!-- ========================================================= records -->

  <xsl:template name="records">
    <section id="records" aria-labelledby="records-title">
      <h2 id="records-title">Records</h2>
      <xsl:choose>
        <xsl:when test="not(/o:results/o:records)">
          <p class="section-note">These results carry no records section (they were not made by a check), so there is nothing to draw.</p>
        </xsl:when>
        <xsl:when test="$paged">
          <p class="section-note">
            <xsl:call-template name="plural">
              <xsl:with-param name="n" select="count($with-findings)"/>
              <xsl:with-param name="word" select="'record'"/>
            </xsl:call-template>
            <xsl:text> with findings, each on its own page with its neighbourhood and timeline, and </xsl:text>
            <xsl:value-of select="count($neighbours)"/>
            <xsl:text> without findings: </xsl:text>
            <a href="records.html">the list of records</a>
            <xsl:text>.</xsl:text>
          </p>
        </xsl:when>
        <xsl:otherwise>
          <p class="section-note">
            <xsl:text>Each record with findings, with the records it links to and that link to it, and its dated claims. Links stated by one side only are drawn dashed and marked "one side"; claims that conflict are marked "conflict".</xsl:text>
            <xsl:if test="count($with-findings) &gt; $picture-limit">
              <xsl:text> The first </xsl:text>
              <xsl:value-of select="$picture-limit"/>
              <xsl:text> records are drawn; the others are listed by name, file and findings (write the report as pages, -o DIR/, to draw every one).</xsl:text>
            </xsl:if>
          </p>
          <xsl:for-each select="$with-findings[position() &lt;= $picture-limit]">
            <xsl:call-template name="record-section"/>
          </xsl:for-each>
          <xsl:if test="count($with-findings) &gt; $picture-limit">
            <h3 id="more-records">More records with findings</h3>
            <ul class="neighbours">
              <xsl:for-each select="$with-findings[position() &gt; $picture-limit]">
                <li id="r-{translate(@id, $unsafe, $unsafe-to)}">
                  <span class="nm"><xsl:value-of select="@name"/></span>
                  <xsl:text> </xsl:text>
                  <code><xsl:value-of select="@id"/></code>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="record-tally">
                    <xsl:with-param name="id" select="@id"/>
                  </xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$neighbours">
            <h3 id="neighbours">Records without findings</h3>
            <xsl:call-template name="neighbour-list"/>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="neighbour-list">
    <ul class="neighbours">
      <xsl:for-each select="$neighbours">
        <li id="r-{translate(@id, $unsafe, $unsafe-to)}">
          <span class="nm"><xsl:value-of select="@name"/></span>
          <xsl:text> </xsl:text>
          <code><xsl:value-of select="@id"/></code>
          <xsl:text> </xsl:text>
          <a class="loc">
            <xsl:attribute name="href">
              <xsl:call-template name="link">
                <xsl:with-param name="path" select="@path"/>
                <xsl:with-param name="line" select="@line"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:value-of select="@path"/>
          </a>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- One record with findings (the context node, an o:record). -->
  <xsl:template name="record-section">
    <xsl:param name="heading" select="'h3'"/>
    <xsl:variable name="id" select="@id"/>
    <xsl:variable name="anchor" select="translate(@id, $unsafe, $unsafe-to)"/>
    <article class="record" id="r-{$anchor}" aria-labelledby="rt-{$anchor}">
      <xsl:element name="{$heading}">
        <xsl:attribute name="id">rt-<xsl:value-of select="$anchor"/></xsl:attribute>
        <xsl:attribute name="class">record-head</xsl:attribute>
        <span class="nm"><xsl:value-of select="@name"/></span>
        <xsl:text> </xsl:text>
        <code><xsl:value-of select="@id"/></code>
      </xsl:element>
      <p class="record-meta">
        <xsl:value-of select="@kind"/>
        <xsl:if test="@status">
          <xsl:text> · status </xsl:text>
          <xsl:value-of select="@status"/>
        </xsl:if>
        <xsl:text> · </xsl:text>
        <a class="loc">
          <xsl:attribute name="href">
            <xsl:call-template name="link">
              <xsl:with-param name="path" select="@path"/>
              <xsl:with-param name="line" select="@line"/>
            </xsl:call-template>
          </xsl:attribute>
          <xsl:value-of select="@path"/>
        </a>
        <xsl:text> · </xsl:text>
        <xsl:call-template name="record-tally">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </p>
      <xsl:variable name="in" select="key('links-to', $id)[../@id != $id]"/>
      <xsl:if test="o:link or $in">
        <figure class="pic">
          <figcaption>Neighbourhood</figcaption>
          <xsl:call-template name="graph">
            <xsl:with-param name="in" select="$in"/>
          </xsl:call-template>
          <xsl:call-template name="link-table">
            <xsl:with-param name="in" select="$in"/>
          </xsl:call-template>
        </figure>
      </xsl:if>
      <xsl:if test="o:claim[@date] or o:dated[@date] or o:term[@from or @to]">
        <figure class="pic">
          <figcaption>Timeline</figcaption>
          <xsl:call-template name="timeline"/>
          <xsl:call-template name="date-table"/>
        </figure>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- "2 × OC120, 1 × OC150", each linked to its group. -->
  <xsl:template name="record-tally">
    <xsl:param name="id"/>
    <xsl:variable name="mine" select="key('by-record', $id)"/>
    <span class="tally">
      <xsl:for-each select="$mine[generate-id() = generate-id(key('by-record-rule', concat($id, ' ', @rule))[1])]">
        <xsl:variable name="rule" select="@rule"/>
        <xsl:variable name="group-rule">
          <xsl:choose>
            <xsl:when test="key('rule', @rule)"><xsl:value-of select="@rule"/></xsl:when>
            <xsl:otherwise>OC170</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:if test="position() &gt; 1">, </xsl:if>
        <a class="sev-{@severity}" href="{$index-href}#g-{translate($group-rule, $unsafe, $unsafe-to)}-{@severity}">
          <span class="shape shape-{@severity}" aria-hidden="true"></span>
          <xsl:value-of select="count($mine[@rule = $rule])"/>
          <xsl:text> × </xsl:text>
          <xsl:value-of select="$rule"/>
          <span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@severity"/></span>
        </a>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- From a page other than the index, links to groups go to it. -->
  <xsl:variable name="index-href">
    <xsl:if test="$paged">index.html</xsl:if>
  </xsl:variable>

  <!-- ============================================================ graph -->

  <!-- The context record in the middle; the records that link to it
       (and that it does not link to) on the left, the records it links
       to on the right. One edge per pair of records, labelled with the
       kinds of its links; an edge with a link stated by one side only is
       dashed, heavier, and says "one side". -->
  <xsl:template name="graph">
    <xsl:param name="in"/>
    <xsl:variable name="me" select="."/>
    <xsl:variable name="id" select="@id"/>
    <xsl:variable name="outs" select="o:link[not(@target = preceding-sibling::o:link/@target)][@target != $id]"/>
    <xsl:variable name="ins" select="$in[not(../@id = $me/o:link/@target)][generate-id() = generate-id(key('link-pair', concat(../@id, ' ', $id))[1])]"/>
    <xsl:variable name="self" select="o:link[@target = $id]"/>
    <xsl:variable name="n-out" select="count($outs)"/>
    <xsl:variable name="n-in" select="count($ins)"/>
    <xsl:variable name="rows-out">
      <xsl:choose>
        <xsl:when test="$n-out &gt; $column-cap"><xsl:value-of select="$column-cap + 1"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$n-out"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="rows-in">
      <xsl:choose>
        <xsl:when test="$n-in &gt; $column-cap"><xsl:value-of select="$column-cap + 1"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$n-in"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="rows">
      <xsl:choose>
        <xsl:when test="$rows-out &gt; $rows-in and $rows-out &gt; 1"><xsl:value-of select="$rows-out"/></xsl:when>
        <xsl:when test="$rows-in &gt; 1"><xsl:value-of select="$rows-in"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="row" select="46"/>
    <xsl:variable name="top" select="30"/>
    <xsl:variable name="h" select="$top + $rows * $row + 8"/>
    <xsl:variable name="cy" select="$top + ($rows * $row) div 2"/>
    <xsl:variable name="gid" select="generate-id()"/>
    <svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 760 {$h}" role="img"
         aria-labelledby="gt-{$gid}" data-record="{$id}">
      <title id="gt-{$gid}">
        <xsl:text>Links of </xsl:text>
        <xsl:value-of select="$id"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="$n-out"/>
        <xsl:text> records it links to, </xsl:text>
        <xsl:value-of select="$n-in"/>
        <xsl:text> more that link to it; the table below lists every link.</xsl:text>
      </title>
      <defs>
        <marker id="ah-{$gid}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow"/>
        </marker>
      </defs>
      <text class="col-head" x="10" y="16">
        <xsl:if test="$n-in &gt; 0">link to it</xsl:if>
      </text>
      <text class="col-head" x="750" y="16" text-anchor="end">
        <xsl:if test="$n-out &gt; 0">it links to</xsl:if>
      </text>
      <!-- edges first, so nodes sit on top -->
      <xsl:for-each select="$outs[position() &lt;= $column-cap]">
        <xsl:variable name="t" select="@target"/>
        <xsl:variable name="y" select="$top + (position() - 1) * $row + 21"/>
        <xsl:variable name="mine" select="$me/o:link[@target = $t]"/>
        <xsl:variable name="back" select="key('record', $t)/o:link[@target = $id]"/>
        <xsl:variable name="one" select="$mine[@stated-by = 'this'] | $back[@stated-by = 'this']"/>
        <g class="edge" data-from="{$id}" data-to="{$t}">
          <xsl:attribute name="data-kinds">
            <xsl:for-each select="$mine | $back">
              <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
              <xsl:value-of select="@kind"/>
            </xsl:for-each>
          </xsl:attribute>
          <xsl:attribute name="class">
            <xsl:text>edge</xsl:text>
            <xsl:if test="$one"> one-sided</xsl:if>
          </xsl:attribute>
          <path d="M490,{$cy} C520,{$cy} 510,{$y} 540,{$y}" marker-end="url(#ah-{$gid})">
            <xsl:if test="$back">
              <xsl:attribute name="marker-start">url(#ah-<xsl:value-of select="$gid"/>)</xsl:attribute>
            </xsl:if>
          </path>
        </g>
      </xsl:for-each>
      <xsl:for-each select="$ins[position() &lt;= $column-cap]">
        <xsl:variable name="y" select="$top + (position() - 1) * $row + 21"/>
        <xsl:variable name="from" select="../@id"/>
        <xsl:variable name="theirs" select="key('record', $from)/o:link[@target = $id]"/>
        <g>
          <xsl:attribute name="class">
            <xsl:text>edge</xsl:text>
            <xsl:if test="$theirs[@stated-by = 'this']"> one-sided</xsl:if>
          </xsl:attribute>
          <xsl:attribute name="data-from"><xsl:value-of select="$from"/></xsl:attribute>
          <xsl:attribute name="data-to"><xsl:value-of select="$id"/></xsl:attribute>
          <xsl:attribute name="data-kinds">
            <xsl:for-each select="$theirs">
              <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
              <xsl:value-of select="@kind"/>
            </xsl:for-each>
          </xsl:attribute>
          <path d="M220,{$y} C250,{$y} 240,{$cy} 270,{$cy}" marker-end="url(#ah-{$gid})"/>
        </g>
      </xsl:for-each>
      <!-- the record -->
      <g class="node me" data-id="{$id}">
        <rect x="270" y="{$cy - 20}" width="220" height="40" rx="6"/>
        <text x="380" y="{$cy - 3}" text-anchor="middle" class="nm">
          <xsl:call-template name="clip">
            <xsl:with-param name="text" select="@name"/>
            <xsl:with-param name="max" select="27"/>
          </xsl:call-template>
        </text>
        <text x="380" y="{$cy + 13}" text-anchor="middle" class="id">
          <xsl:value-of select="$id"/>
          <xsl:if test="$self"> · links to itself</xsl:if>
        </text>
      </g>
      <xsl:for-each select="$outs[position() &lt;= $column-cap]">
        <xsl:variable name="t" select="@target"/>
        <xsl:call-template name="graph-node">
          <xsl:with-param name="x" select="540"/>
          <xsl:with-param name="y" select="$top + (position() - 1) * $row"/>
          <xsl:with-param name="id" select="$t"/>
          <xsl:with-param name="label" select="@label"/>
          <xsl:with-param name="links" select="$me/o:link[@target = $t] | key('record', $t)/o:link[@target = $id]"/>
          <xsl:with-param name="me" select="$id"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$ins[position() &lt;= $column-cap]">
        <xsl:variable name="from" select="../@id"/>
        <xsl:call-template name="graph-node">
          <xsl:with-param name="x" select="0"/>
          <xsl:with-param name="y" select="$top + (position() - 1) * $row"/>
          <xsl:with-param name="id" select="$from"/>
          <xsl:with-param name="label" select="../@name"/>
          <xsl:with-param name="links" select="key('record', $from)/o:link[@target = $id]"/>
          <xsl:with-param name="me" select="$id"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="$n-out &gt; $column-cap">
        <text class="more-nodes" x="650" y="{$top + $column-cap * $row + 20}" text-anchor="middle">
          <xsl:text>and </xsl:text>
          <xsl:value-of select="$n-out - $column-cap"/>
          <xsl:text> more (see the table)</xsl:text>
        </text>
      </xsl:if>
      <xsl:if test="$n-in &gt; $column-cap">
        <text class="more-nodes" x="110" y="{$top + $column-cap * $row + 20}" text-anchor="middle">
          <xsl:text>and </xsl:text>
          <xsl:value-of select="$n-in - $column-cap"/>
          <xsl:text> more (see the table)</xsl:text>
        </text>
      </xsl:if>
    </svg>
  </xsl:template>

  <!-- A neighbour: a box with its name, and under it the kinds of the
       links between it and the record, "one side" when one is. -->
  <xsl:template name="graph-node">
    <xsl:param name="x"/>
    <xsl:param name="y"/>
    <xsl:param name="id"/>
    <xsl:param name="label"/>
    <xsl:param name="links"/>
    <xsl:param name="me"/>
    <xsl:variable name="r" select="key('record', $id)"/>
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="$r/@name"><xsl:value-of select="$r/@name"/></xsl:when>
        <xsl:when test="$label"><xsl:value-of select="$label"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$id"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="href">
      <xsl:call-template name="record-href">
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
    </xsl:variable>
    <g xmlns="http://www.w3.org/2000/svg" data-id="{$id}">
      <xsl:attribute name="class">
        <xsl:text>node</xsl:text>
        <xsl:if test="$r/@kind = 'person'"> person</xsl:if>
        <xsl:if test="not($r)"> missing</xsl:if>
        <xsl:if test="$r/@findings &gt; 0"> has-findings</xsl:if>
      </xsl:attribute>
      <title>
        <xsl:value-of select="$name"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="$id"/>
        <xsl:if test="not($r)">, not in the corpus</xsl:if>
        <xsl:text>): </xsl:text>
        <xsl:for-each select="$links">
          <xsl:if test="position() &gt; 1">; </xsl:if>
          <xsl:value-of select="../@id"/>
          <xsl:text> states </xsl:text>
          <xsl:value-of select="@kind"/>
          <xsl:value-of select="concat(' ', @date, @from)"/>
          <xsl:if test="@to"><xsl:value-of select="concat('–', @to)"/></xsl:if>
          <xsl:if test="@stated-by = 'this'">, the other side does not</xsl:if>
          <xsl:if test="@source"><xsl:value-of select="concat(' (source ', @source, ')')"/></xsl:if>
        </xsl:for-each>
      </title>
      <a>
        <xsl:if test="$r">
          <xsl:attribute name="href"><xsl:value-of select="$href"/></xsl:attribute>
        </xsl:if>
        <rect x="{$x + 4}" y="{$y + 2}" width="212" height="38" rx="5"/>
        <text x="{$x + 12}" y="{$y + 17}" class="nm">
          <xsl:call-template name="clip">
            <xsl:with-param name="text" select="$name"/>
            <xsl:with-param name="max" select="26"/>
          </xsl:call-template>
        </text>
        <text x="{$x + 12}" y="{$y + 33}" class="kinds">
          <xsl:variable name="own" select="$links[../@id = $me]"/>
          <xsl:variable name="side" select="$links[../@id != $me]"/>
          <xsl:variable name="shown" select="$own | $side[not($own)]"/>
          <xsl:variable name="kinds">
            <xsl:for-each select="$shown[generate-id() = generate-id(key('link-kind', concat(../@id, ' ', @target, ' ', @kind))[1])]">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:value-of select="@kind"/>
            </xsl:for-each>
            <xsl:if test="$own and $side"> ↔</xsl:if>
          </xsl:variable>
          <xsl:if test="$links[@stated-by = 'this']">
            <tspan class="one">one side · </tspan>
          </xsl:if>
          <xsl:call-template name="clip">
            <xsl:with-param name="text" select="$kinds"/>
            <xsl:with-param name="max" select="34"/>
          </xsl:call-template>
        </text>
      </a>
    </g>
  </xsl:template>

  <!-- The links of the record in words: the graph's text equivalent. -->
  <xsl:template name="link-table">
    <xsl:param name="in"/>
    <xsl:variable name="id" select="@id"/>
    <table class="facts">
      <caption class="visually-hidden">Links of <xsl:value-of select="$id"/></caption>
      <thead>
        <tr>
          <th scope="col">Stated by</th>
          <th scope="col">Link</th>
          <th scope="col">Other record</th>
          <th scope="col">Dates</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="o:link | $in">
          <xsl:variable name="other">
            <xsl:choose>
              <xsl:when test="../@id = $id"><xsl:value-of select="@target"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="../@id"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <tr>
            <xsl:if test="@stated-by = 'this'">
              <xsl:attribute name="class">one-sided</xsl:attribute>
            </xsl:if>
            <td>
              <xsl:choose>
                <xsl:when test="../@id = $id">this record</xsl:when>
                <xsl:otherwise><code><xsl:value-of select="../@id"/></code></xsl:otherwise>
              </xsl:choose>
              <xsl:choose>
                <xsl:when test="@stated-by = 'this'"><strong class="one"> only (one side)</strong></xsl:when>
                <xsl:when test="@stated-by = 'both'"> (both sides)</xsl:when>
              </xsl:choose>
            </td>
            <td><xsl:value-of select="@kind"/></td>
            <td>
              <xsl:call-template name="record-ref">
                <xsl:with-param name="id" select="$other"/>
              </xsl:call-template>
              <xsl:if test="@resolved = 'false'"><span class="muted"> (not in the corpus)</span></xsl:if>
            </td>
            <td>
              <xsl:value-of select="@date"/>
              <xsl:if test="@from or @to">
                <xsl:value-of select="concat(@from, '–', @to)"/>
              </xsl:if>
            </td>
            <td>
              <xsl:if test="@source">
                <xsl:call-template name="source">
                  <xsl:with-param name="source" select="@source"/>
                </xsl:call-template>
              </xsl:if>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ========================================================= timeline -->

  <!-- A year as a number, with the month as a fraction. -->
  <xsl:template name="year">
    <xsl:param name="date"/>
    <xsl:choose>
      <xsl:when test="string-length($date) &gt;= 7">
        <xsl:value-of select="number(substring($date, 1, 4)) + (number(substring($date, 6, 2)) - 1) div 12"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="number(substring($date, 1, 4))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One row per dated claim, fact and term of the record, by date, on
       one axis of years. A claim that another claim of the same field
       contradicts (another value; for dates, one that does not contain
       the other, so 1979 and 1979-05 agree) is a diamond marked
       "conflict"; hovering any mark
       shows its source. -->
  <xsl:template name="timeline">
    <xsl:variable name="items" select="o:claim[@date] | o:dated[@date] | o:term[@from or @to]"/>
    <xsl:variable name="first">
      <xsl:for-each select="$items">
        <xsl:sort select="concat(@date, @from, @to)"/>
        <xsl:if test="position() = 1"><xsl:value-of select="substring(concat(@date, @from, @to), 1, 4)"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="last">
      <xsl:for-each select="$items">
        <xsl:sort select="concat(@date, @to, @from)" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="substring(concat(@date, @to, @from), 1, 4)"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="lo" select="number($first) - 1"/>
    <xsl:variable name="hi" select="number($last) + 2"/>
    <xsl:variable name="x0" select="300"/>
    <xsl:variable name="span" select="440"/>
    <xsl:variable name="scale" select="$span div ($hi - $lo)"/>
    <xsl:variable name="row" select="22"/>
    <xsl:variable name="n" select="count($items)"/>
    <xsl:variable name="h" select="$n * $row + 34"/>
    <xsl:variable name="gid" select="generate-id()"/>
    <xsl:variable name="me" select="."/>
    <svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 760 {$h}" role="img"
         aria-labelledby="tt-{$gid}" data-record="{@id}">
      <title id="tt-{$gid}">
        <xsl:text>Timeline of </xsl:text>
        <xsl:value-of select="@id"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="$first"/>
        <xsl:text> to </xsl:text>
        <xsl:value-of select="$last"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="$n"/>
        <xsl:text> dated facts</xsl:text>
        <xsl:if test="o:claim[../o:claim[@field = current()/@field][@value != current()/@value][not(@date and current()/@date and (starts-with(@date, current()/@date) or starts-with(current()/@date, @date)))]]">, with conflicting claims</xsl:if>
        <xsl:text>; the table below lists them.</xsl:text>
      </title>
      <!-- axis with a tick at each end and a few between -->
      <line class="axis" x1="{$x0}" y1="{$h - 22}" x2="{$x0 + $span}" y2="{$h - 22}"/>
      <xsl:call-template name="ticks">
        <xsl:with-param name="year" select="$lo + 1"/>
        <xsl:with-param name="step" select="ceiling(($hi - $lo) div 6)"/>
        <xsl:with-param name="hi" select="$hi"/>
        <xsl:with-param name="lo" select="$lo"/>
        <xsl:with-param name="x0" select="$x0"/>
        <xsl:with-param name="scale" select="$scale"/>
        <xsl:with-param name="y" select="$h - 22"/>
        <xsl:with-param name="top" select="4"/>
      </xsl:call-template>
      <xsl:for-each select="$items">
        <xsl:sort select="concat(@date, @from, @to)"/>
        <xsl:variable name="y" select="(position() - 1) * $row + 14"/>
        <xsl:variable name="field" select="@field"/>
        <xsl:variable name="conflict" select="self::o:claim and $me/o:claim[@field = $field][@value != current()/@value][not(@date and current()/@date and (starts-with(@date, current()/@date) or starts-with(current()/@date, @date)))]"/>
        <xsl:variable name="start">
          <xsl:call-template name="year">
            <xsl:with-param name="date" select="concat(@date, @from)"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="end">
          <xsl:call-template name="year">
            <xsl:with-param name="date" select="concat(@date, @to)"/>
          </xsl:call-template>
        </xsl:variable>
        <g>
          <xsl:attribute name="class">
            <xsl:text>tl-item</xsl:text>
            <xsl:if test="$conflict"> conflict</xsl:if>
          </xsl:attribute>
          <title>
            <xsl:value-of select="concat(@field, @what)"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="concat(@date, @from)"/>
            <xsl:if test="@to"><xsl:value-of select="concat('–', @to)"/></xsl:if>
            <xsl:if test="self::o:claim and @value != @date"><xsl:value-of select="concat(' (', @value, ')')"/></xsl:if>
            <xsl:if test="$conflict">: conflicts with another claim of the same field</xsl:if>
            <xsl:text>. Source: </xsl:text>
            <xsl:choose>
              <xsl:when test="@source"><xsl:value-of select="@source"/></xsl:when>
              <xsl:otherwise>none given</xsl:otherwise>
            </xsl:choose>
            <xsl:if test="@line"><xsl:value-of select="concat(', line ', @line)"/></xsl:if>
          </title>
          <text x="{$x0 - 10}" y="{$y + 4}" text-anchor="end" class="tl-label">
            <xsl:if test="$conflict"><tspan class="conflict-mark">conflict · </tspan></xsl:if>
            <xsl:call-template name="clip">
              <xsl:with-param name="text" select="concat(@date, @from, substring('–', 1, string-length(@to)), @to, ' ', @field, @what)"/>
              <xsl:with-param name="max" select="44"/>
            </xsl:call-template>
          </text>
          <line class="guide" x1="{$x0}" y1="{$y}" x2="{$x0 + $span}" y2="{$y}"/>
          <xsl:variable name="xs" select="$x0 + ($start - $lo) * $scale"/>
          <xsl:choose>
            <xsl:when test="self::o:term and @from and @to">
              <rect class="span" x="{$xs}" y="{$y - 5}" width="{($end - $start) * $scale + 2}" height="10" rx="3"/>
            </xsl:when>
            <xsl:when test="$conflict">
              <path class="mark" d="M{$xs},{$y - 7} L{$xs + 7},{$y} L{$xs},{$y + 7} L{$xs - 7},{$y} z"/>
            </xsl:when>
            <xsl:when test="self::o:claim">
              <circle class="mark" cx="{$xs}" cy="{$y}" r="5"/>
            </xsl:when>
            <xsl:otherwise>
              <rect class="mark dated" x="{$xs - 4}" y="{$y - 4}" width="8" height="8"/>
            </xsl:otherwise>
          </xsl:choose>
        </g>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <xsl:template name="ticks">
    <xsl:param name="year"/>
    <xsl:param name="step"/>
    <xsl:param name="hi"/>
    <xsl:param name="lo"/>
    <xsl:param name="x0"/>
    <xsl:param name="scale"/>
    <xsl:param name="y"/>
    <xsl:param name="top"/>
    <xsl:if test="$year &lt; $hi and $step &gt; 0">
      <xsl:variable name="x" select="$x0 + ($year - $lo) * $scale"/>
      <line xmlns="http://www.w3.org/2000/svg" class="tick" x1="{$x}" y1="{$top}" x2="{$x}" y2="{$y + 4}"/>
      <text xmlns="http://www.w3.org/2000/svg" class="tick-label" x="{$x}" y="{$y + 16}" text-anchor="middle"><xsl:value-of select="$year"/></text>
      <xsl:call-template name="ticks">
        <xsl:with-param name="year" select="$year + $step"/>
        <xsl:with-param name="step" select="$step"/>
        <xsl:with-param name="hi" select="$hi"/>
        <xsl:with-param name="lo" select="$lo"/>
        <xsl:with-param name="x0" select="$x0"/>
        <xsl:with-param name="scale" select="$scale"/>
        <xsl:with-param name="y" select="$y"/>
        <xsl:with-param name="top" select="$top"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The dated facts in words: the timeline's text equivalent. -->
  <xsl:template name="date-table">
    <xsl:variable name="me" select="."/>
    <table class="facts">
      <caption class="visually-hidden">Dated facts of <xsl:value-of select="@id"/></caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Fact</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="o:claim[@date] | o:dated[@date] | o:term[@from or @to]">
          <xsl:sort select="concat(@date, @from, @to)"/>
          <xsl:variable name="conflict" select="self::o:claim and $me/o:claim[@field = current()/@field][@value != current()/@value][not(@date and current()/@date and (starts-with(@date, current()/@date) or starts-with(current()/@date, @date)))]"/>
          <tr>
            <xsl:if test="$conflict">
              <xsl:attribute name="class">conflict</xsl:attribute>
            </xsl:if>
            <td>
              <xsl:value-of select="@date"/>
              <xsl:if test="@from or @to"><xsl:value-of select="concat(@from, '–', @to)"/></xsl:if>
            </td>
            <td>
              <xsl:if test="$conflict"><strong class="conflict-mark">conflict: </strong></xsl:if>
              <xsl:value-of select="concat(@field, @what)"/>
              <xsl:if test="self::o:claim and @value != @date"><xsl:value-of select="concat(' ', @value)"/></xsl:if>
            </td>
            <td>
              <xsl:if test="@source">
                <xsl:call-template name="source">
                  <xsl:with-param name="source" select="@source"/>
                </xsl:call-template>
              </xsl:if>
              <xsl:if test="@line"><span class="muted"><xsl:value-of select="concat(' line ', @line)"/></span></xsl:if>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ========================================================= overview -->

  <!-- For a corpus with the hubs of the bundled one (ISCT, ISSCR, FACT,
       JACIE): the hubs in a row, every record linked to one of them
       under it, a line for each pair. -->
  <xsl:template name="overview">
    <xsl:variable name="hubs" select="key('record', 'isct') | key('record', 'isscr') | key('record', 'fact') | key('record', 'jacie')"/>
    <xsl:if test="count($hubs) &gt;= 2">
      <xsl:variable name="partners" select="/o:results/o:records/o:record[not(@id = $hubs/@id)][o:link/@target = $hubs/@id or @id = $hubs/o:link/@target]"/>
      <xsl:variable name="rows">
        <xsl:for-each select="$hubs">
          <xsl:sort select="count($partners[o:link/@target = current()/@id or @id = current()/o:link/@target])" data-type="number" order="descending"/>
          <xsl:if test="position() = 1">
            <xsl:value-of select="count($partners[o:link/@target = current()/@id or @id = current()/o:link/@target])"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="h" select="150 + $rows * 26"/>
      <section id="overview" aria-labelledby="overview-title">
        <h2 id="overview-title">How the hubs are linked</h2>
        <p class="section-note">
          <xsl:for-each select="$hubs">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="@name"/>
          </xsl:for-each>
          <xsl:text> and the </xsl:text>
          <xsl:value-of select="count($partners)"/>
          <xsl:text> records in this report linked to them. Dashed lines: a link only one side states.</xsl:text>
        </p>
        <figure class="pic">
          <svg xmlns="http://www.w3.org/2000/svg" class="overview" viewBox="0 0 960 {$h}" role="img" aria-labelledby="overview-svg-title">
            <title id="overview-svg-title">
              <xsl:text>Links between </xsl:text>
              <xsl:value-of select="count($hubs)"/>
              <xsl:text> hubs and </xsl:text>
              <xsl:value-of select="count($partners)"/>
              <xsl:text> partners; the table below lists them.</xsl:text>
            </title>
            <xsl:variable name="n-hubs" select="count($hubs)"/>
            <!-- Each partner under the first hub it is linked with. -->
            <xsl:for-each select="$hubs">
              <xsl:variable name="k" select="position()"/>
              <xsl:variable name="before" select="$hubs[position() &lt; $k]"/>
              <xsl:variable name="hub" select="."/>
              <xsl:for-each select="$partners[o:link/@target = $hub/@id or @id = $hub/o:link/@target][not(o:link/@target = $before/@id or @id = $before/o:link/@target)]">
                <xsl:variable name="p" select="."/>
                <xsl:variable name="px" select="($k - 0.5) * 960 div $n-hubs"/>
                <xsl:variable name="py" select="140 + (position() - 1) * 26"/>
                <xsl:for-each select="$hubs">
                  <xsl:variable name="hid" select="@id"/>
                  <xsl:variable name="links" select="$p/o:link[@target = $hid] | o:link[@target = $p/@id]"/>
                  <xsl:if test="$links">
                    <xsl:variable name="hx" select="(position() - 0.5) * 960 div $n-hubs"/>
                    <line x1="{$hx}" y1="102" x2="{$px}" y2="{$py - 10}" data-from="{$p/@id}" data-to="{$hid}">
                      <xsl:attribute name="class">
                        <xsl:text>ov-edge</xsl:text>
                        <xsl:if test="$links[@stated-by = 'this']"> one-sided</xsl:if>
                      </xsl:attribute>
                    </line>
                  </xsl:if>
                </xsl:for-each>
              </xsl:for-each>
            </xsl:for-each>
            <!-- links between hubs: arcs above the row -->
            <xsl:for-each select="$hubs">
              <xsl:variable name="a" select="."/>
              <xsl:variable name="ia" select="position()"/>
              <xsl:for-each select="$hubs">
                <xsl:variable name="ib" select="position()"/>
                <xsl:variable name="links" select="$a/o:link[@target = current()/@id] | o:link[@target = $a/@id]"/>
                <xsl:if test="$ib &gt; $ia and $links">
                  <xsl:variable name="xa" select="($ia - 0.5) * 960 div $n-hubs"/>
                  <xsl:variable name="xb" select="($ib - 0.5) * 960 div $n-hubs"/>
                  <path d="M{$xa},62 Q{($xa + $xb) div 2},{62 - 22 * ($ib - $ia)} {$xb},62" data-from="{$a/@id}" data-to="{@id}">
                    <xsl:attribute name="class">
                      <xsl:text>ov-edge hub-link</xsl:text>
                      <xsl:if test="$links[@stated-by = 'this']"> one-sided</xsl:if>
                    </xsl:attribute>
                    <title>
                      <xsl:for-each select="$links">
                        <xsl:if test="position() &gt; 1">; </xsl:if>
                        <xsl:value-of select="concat(../@id, ' states ', @kind, ' ', @target)"/>
                        <xsl:if test="@stated-by = 'this'">, the other side does not</xsl:if>
                      </xsl:for-each>
                    </title>
                  </path>
                </xsl:if>
              </xsl:for-each>
            </xsl:for-each>
            <xsl:for-each select="$hubs">
              <xsl:variable name="hx" select="(position() - 0.5) * 960 div $n-hubs"/>
              <g class="node me hub-{position()}" data-id="{@id}">
                <a>
                  <xsl:attribute name="href">
                    <xsl:call-template name="record-href">
                      <xsl:with-param name="id" select="@id"/>
                    </xsl:call-template>
                  </xsl:attribute>
                  <rect x="{$hx - 100}" y="62" width="200" height="40" rx="6"/>
                  <text x="{$hx}" y="80" text-anchor="middle" class="nm">
                    <xsl:value-of select="translate(@id, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
                  </text>
                  <text x="{$hx}" y="95" text-anchor="middle" class="id">
                    <xsl:call-template name="clip">
                      <xsl:with-param name="text" select="@name"/>
                      <xsl:with-param name="max" select="30"/>
                    </xsl:call-template>
                  </text>
                </a>
              </g>
            </xsl:for-each>
            <xsl:for-each select="$hubs">
              <xsl:variable name="k" select="position()"/>
              <xsl:variable name="before" select="$hubs[position() &lt; $k]"/>
              <xsl:variable name="hub" select="."/>
              <xsl:for-each select="$partners[o:link/@target = $hub/@id or @id = $hub/o:link/@target][not(o:link/@target = $before/@id or @id = $before/o:link/@target)]">
                <xsl:variable name="px" select="($k - 0.5) * 960 div $n-hubs"/>
                <xsl:variable name="py" select="140 + (position() - 1) * 26"/>
                <xsl:variable name="with-hub" select="o:link[@target = $hub/@id] | $hub/o:link[@target = current()/@id]"/>
                <g data-id="{@id}">
                  <xsl:attribute name="class">
                    <xsl:text>node small</xsl:text>
                    <xsl:if test="$with-hub[@stated-by = 'this']"> one-sided</xsl:if>
                  </xsl:attribute>
                  <title>
                    <xsl:value-of select="concat(@name, ' (', @id, '): ')"/>
                    <xsl:for-each select="$with-hub">
                      <xsl:if test="position() &gt; 1">; </xsl:if>
                      <xsl:value-of select="concat(../@id, ' states ', @kind, ' ', @target)"/>
                      <xsl:if test="@stated-by = 'this'">, the other side does not</xsl:if>
                    </xsl:for-each>
                  </title>
                  <a>
                    <xsl:attribute name="href">
                      <xsl:call-template name="record-href">
                        <xsl:with-param name="id" select="@id"/>
                      </xsl:call-template>
                    </xsl:attribute>
                    <rect x="{$px - 112}" y="{$py - 10}" width="224" height="21" rx="4"/>
                    <text x="{$px}" y="{$py + 4}" text-anchor="middle" class="nm">
                      <xsl:if test="$with-hub[@stated-by = 'this']"><tspan class="one">one side · </tspan></xsl:if>
                      <xsl:call-template name="clip">
                        <xsl:with-param name="text" select="@name"/>
                        <xsl:with-param name="max" select="34 - 11 * boolean($with-hub[@stated-by = 'this'])"/>
                      </xsl:call-template>
                    </text>
                  </a>
                </g>
              </xsl:for-each>
            </xsl:for-each>
          </svg>
          <details class="facts-more">
            <summary>The links as a table</summary>
            <table class="facts">
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Linked with</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$partners">
                  <xsl:variable name="p" select="."/>
                  <tr>
                    <td>
                      <xsl:call-template name="record-ref">
                        <xsl:with-param name="id" select="@id"/>
                      </xsl:call-template>
                    </td>
                    <td>
                      <xsl:for-each select="$hubs[@id = $p/o:link/@target or o:link/@target = $p/@id]">
                        <xsl:variable name="hid" select="@id"/>
                        <xsl:if test="position() &gt; 1">; </xsl:if>
                        <code><xsl:value-of select="$hid"/></code>
                        <xsl:text>: </xsl:text>
                        <xsl:for-each select="$p/o:link[@target = $hid] | o:link[@target = $p/@id]">
                          <xsl:if test="position() &gt; 1">, </xsl:if>
                          <xsl:value-of select="@kind"/>
                          <xsl:if test="@stated-by = 'this'"> (one side)</xsl:if>
                        </xsl:for-each>
                      </xsl:for-each>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </details>
        </figure>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ==================================================== other pages -->

  <xsl:template name="write-pages">
    <!-- The style and the script, once for every page. -->
    <xsl:document href="report.css" method="text" encoding="UTF-8">
      <xsl:call-template name="css"/>
    </xsl:document>
    <xsl:document href="report.js" method="text" encoding="UTF-8">
      <xsl:call-template name="script"/>
    </xsl:document>
    <xsl:call-template name="each-group">
      <xsl:with-param name="list" select="$groups-sorted"/>
      <xsl:with-param name="mode" select="'pages'"/>
    </xsl:call-template>
    <xsl:for-each select="$with-findings">
      <xsl:document href="{concat('record-', translate(@id, $unsafe, $unsafe-to), '.html')}" method="html"
                    encoding="UTF-8" indent="no" doctype-system="about:legacy-compat">
        <xsl:call-template name="page">
          <xsl:with-param name="kind" select="'record'"/>
          <xsl:with-param name="subtitle" select="concat(@name, ' (', @id, ')')"/>
          <xsl:with-param name="index" select="'index.html'"/>
        </xsl:call-template>
      </xsl:document>
    </xsl:for-each>
    <xsl:if test="/o:results/o:records">
      <xsl:document href="records.html" method="html" encoding="UTF-8" indent="no"
                    doctype-system="about:legacy-compat">
        <xsl:call-template name="page">
          <xsl:with-param name="kind" select="'records'"/>
          <xsl:with-param name="subtitle" select="'Records'"/>
          <xsl:with-param name="index" select="'index.html'"/>
        </xsl:call-template>
      </xsl:document>
    </xsl:if>
  </xsl:template>

  <!-- A group's findings on pages of $page-size. -->
  <xsl:template name="group-pages">
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:variable name="set-indexed" select="$indexed and $rule != 'OC170'"/>
    <xsl:choose>
      <xsl:when test="$rule = 'OC170'">
        <xsl:call-template name="group-page-run">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="set" select="$all[not(key('rule', @rule))][@severity = $severity]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$set-indexed">
        <xsl:call-template name="group-page-run">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="set" select="oc:findings-with-rule($rule)[@severity = $severity]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="group-page-run">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="set" select="$all[@rule = $rule][@severity = $severity]"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="group-page-run">
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:param name="set"/>
    <xsl:variable name="n" select="count($set)"/>
    <xsl:variable name="page-count" select="ceiling($n div $page-size)"/>
    <xsl:for-each select="$set[position() mod $page-size = 1]">
      <xsl:variable name="page" select="position()"/>
      <xsl:variable name="href">
        <xsl:call-template name="group-href">
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="page" select="$page"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:document href="{$href}" method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat">
        <xsl:call-template name="page">
          <xsl:with-param name="kind" select="'group'"/>
          <xsl:with-param name="subtitle" select="concat($rule, ' ', key('rule', $rule)/@name, ' (', $severity, ')')"/>
          <xsl:with-param name="index" select="'index.html'"/>
          <xsl:with-param name="rule" select="$rule"/>
          <xsl:with-param name="severity" select="$severity"/>
          <xsl:with-param name="set" select="$set[position() &gt; ($page - 1) * $page-size and position() &lt;= $page * $page-size]"/>
          <xsl:with-param name="n" select="$n"/>
          <xsl:with-param name="page-number" select="$page"/>
          <xsl:with-param name="page-count" select="$page-count"/>
        </xsl:call-template>
      </xsl:document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="pager">
    <xsl:param name="rule"/>
    <xsl:param name="severity"/>
    <xsl:param name="i"/>
    <xsl:param name="count"/>
    <xsl:param name="current"/>
    <xsl:if test="$i &lt;= $count">
      <xsl:choose>
        <xsl:when test="$i = $current"><strong aria-current="page"><xsl:value-of select="$i"/></strong></xsl:when>
        <xsl:otherwise>
          <a>
            <xsl:attribute name="href">
              <xsl:call-template name="group-href">
                <xsl:with-param name="rule" select="$rule"/>
                <xsl:with-param name="severity" select="$severity"/>
                <xsl:with-param name="page" select="$i"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:value-of select="$i"/>
          </a>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:text> </xsl:text>
      <xsl:call-template name="pager">
        <xsl:with-param name="rule" select="$rule"/>
        <xsl:with-param name="severity" select="$severity"/>
        <xsl:with-param name="i" select="$i + 1"/>
        <xsl:with-param name="count" select="$count"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ================================================= rule catalogue -->

  <xsl:template match="o:catalog">
    <section id="rules" aria-labelledby="rules-title">
      <h2 id="rules-title">Rule catalogue</h2>
      <p class="section-note">Every rule orgcheck knows, with the severity in force for this run. Records are read and validated first (OC0xx), then checked against each other (OC1xx).</p>
      <details class="catalogue-box">
        <summary>
          <xsl:value-of select="count(o:rule)"/>
          <xsl:text> rules, </xsl:text>
          <xsl:value-of select="count(o:rule[@enabled = 'true'])"/>
          <xsl:text> enabled</xsl:text>
        </summary>
        <table class="catalogue">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Findings</th>
              <th scope="col">What it checks</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="o:rule">
              <xsl:sort select="@id"/>
              <xsl:variable name="n" select="sum(/o:results/o:summary/o:rule[@rule = current()/@id]/@count)"/>
              <tr id="rule-{translate(@id, $unsafe, $unsafe-to)}">
                <xsl:if test="@enabled != 'true'">
                  <xsl:attribute name="class">disabled</xsl:attribute>
                </xsl:if>
                <th scope="row">
                  <span class="rule-id"><xsl:value-of select="@id"/></span>
                  <xsl:text> </xsl:text>
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
                      <xsl:variable name="sev" select="/o:results/o:summary/o:rule[@rule = current()/@id][1]/@severity"/>
                      <a href="#g-{translate(@id, $unsafe, $unsafe-to)}-{$sev}"><xsl:value-of select="$n"/></a>
                    </xsl:when>
                    <xsl:when test="@enabled != 'true'"><span class="muted">off</span></xsl:when>
                    <xsl:otherwise><span class="muted">0</span></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td class="description"><xsl:value-of select="o:description"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </details>
    </section>
  </xsl:template>

  <!-- =========================================================== words -->

  <xsl:template name="badge">
    <xsl:param name="severity"/>
    <span class="badge sev-{$severity}">
      <span class="shape shape-{$severity}" aria-hidden="true"></span>
      <xsl:value-of select="$severity"/>
    </span>
  </xsl:template>

  <xsl:template name="plural">
    <xsl:param name="n"/>
    <xsl:param name="word"/>
    <xsl:value-of select="$n"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$word"/>
    <xsl:if test="$n != 1">s</xsl:if>
  </xsl:template>

  <!-- text cut to max characters, with an ellipsis. -->
  <xsl:template name="clip">
    <xsl:param name="text"/>
    <xsl:param name="max"/>
    <xsl:choose>
      <xsl:when test="string-length($text) &gt; $max">
        <xsl:value-of select="concat(substring($text, 1, $max - 1), '…')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================== script -->

  <!-- Search and filters. Each group (section.group) has data-rule and
       data-severity; each finding (tr.finding) data-record and, from a
       diff, data-state. A filter hides what does not match, opens the
       collapsed findings so matches show, and hides emptied groups. -->
  <xsl:template name="script">
    <xsl:text>
(function () {
  var f = document.getElementById("filter");
  if (!f) return;
  f.hidden = false;
  var q = f.elements.q, rule = f.elements.rule, rec = f.elements.record, st = f.elements.state;
  var sev = f.querySelectorAll("input[name=sev]"), out = document.getElementById("shown");
  var groups = document.querySelectorAll("section.group"), plan = document.querySelectorAll(".plan li");
  function has(text, what) { return text.toLowerCase().indexOf(what) &gt;= 0; }
  function run() {
    var t = q.value.trim().toLowerCase(), r = rule.value, k = rec.value.trim().toLowerCase();
    var s = st ? st.value : "", on = {}, shown = 0, i, j;
    for (i = 0; i &lt; sev.length; i++) on[sev[i].value] = sev[i].checked;
    var narrowed = t || k || s;
    for (i = 0; i &lt; groups.length; i++) {
      var g = groups[i], gs = g.getAttribute("data-severity"), gr = g.getAttribute("data-rule");
      var ok = (!gs || on[gs]) &amp;&amp; (!r || !gr || gr === r), rows = g.querySelectorAll("tr.finding"), n = 0;
      for (j = 0; j &lt; rows.length; j++) {
        var tr = rows[j], cells = tr.cells;
        var v = ok &amp;&amp; (!gs ? on[tr.getAttribute("data-severity")] : true) &amp;&amp;
          (!t || has(tr.textContent, t)) &amp;&amp;
          (!k || has(tr.getAttribute("data-record") || "", k) || has(cells[1].textContent, k)) &amp;&amp;
          (!s || tr.getAttribute("data-state") === s);
        tr.hidden = !v;
        if (v) n++;
      }
      g.hidden = !ok || (narrowed &amp;&amp; n === 0);
      if (narrowed) { var d = g.querySelectorAll("details"); for (j = 0; j &lt; d.length; j++) d[j].open = true; }
      shown += n;
    }
    for (i = 0; i &lt; plan.length; i++) {
      var target = document.getElementById(plan[i].firstChild.getAttribute("href").slice(1));
      plan[i].hidden = target ? target.hidden : false;
    }
    out.textContent = shown + (shown === 1 ? " finding shown" : " findings shown");
  }
  f.addEventListener("input", run);
  f.addEventListener("change", run);
  f.addEventListener("submit", function (e) { e.preventDefault(); });
  run();
})();
</xsl:text>
  </xsl:template>

  <!-- ============================================================= css -->

  <xsl:template name="css">
    <xsl:text>
:root {
  --ink: #1c2128; --muted: #59636e; --faint: #6e7781; --line: #d9dee3; --soft: #f5f7f9; --paper: #fff;
  --accent: #0b5cad;
  --error: #b3261e; --error-fill: #c62f26; --error-soft: #fdf0ef;
  --warning: #8a5300; --warning-fill: #e8a317; --warning-soft: #fdf6e7;
  --info: #1d5b9e; --info-fill: #4a86c8; --info-soft: #eef4fb;
  --one: #b3261e;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; overflow-wrap: anywhere; }
.wrap { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
a:focus-visible, summary:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
code, .loc, .rule-id { font-family: var(--mono); font-size: 0.86em; }
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 1.6rem; margin: 24px 0 8px; }
h2 { font-size: 1.3rem; font-weight: 650; margin: 2.4rem 0 0.8rem; padding-top: 1.1rem; border-top: 1px solid var(--line); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.muted { color: var(--faint); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 6px 10px; z-index: 2; }
[hidden] { display: none !important; }

.masthead { border-bottom: 1px solid var(--line); background: var(--soft); padding: 18px 0 0; }
.brand { margin: 0 0 10px; font-size: 1.2rem; font-weight: 700; }
.run { display: flex; flex-wrap: wrap; gap: 4px 32px; margin: 0 0 12px; }
.run dt { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.run dd { margin: 0; font-weight: 550; }
.toc { display: flex; flex-wrap: wrap; gap: 0 22px; font-size: 0.92rem; }
.toc a { display: inline-block; padding: 6px 0 8px; color: var(--muted); }

.verdict { font-size: 1.05rem; margin: 0 0 16px; }
.verdict .outcome { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.card { display: flex; flex-direction: column; padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px; min-width: 0; }
.card-label { font-size: 0.82rem; font-weight: 600; color: var(--muted); display: flex; align-items: center; gap: 7px; }
.card-number { font-size: 2rem; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; }
.card-detail { font-size: 0.8rem; color: var(--muted); }
.card-error { border-top: 4px solid var(--error-fill); } .card-error .card-number { color: var(--error); }
.card-warning { border-top: 4px solid var(--warning-fill); } .card-warning .card-number { color: var(--warning); }
.card-info { border-top: 4px solid var(--info-fill); } .card-info .card-number { color: var(--info); }
.card-files { border-top: 4px solid var(--ink); }
.card-detail .invalid { color: var(--error); font-weight: 600; }
.card-zero { border-top-color: var(--line); } .card-zero .card-number { color: var(--faint); }

/* severity shapes: square = error, triangle = warning, circle = info */
.shape { display: inline-block; width: 0.72em; height: 0.72em; flex: none; vertical-align: -0.02em; }
.shape-error { background: var(--error-fill); }
.shape-warning { background: var(--warning-fill); clip-path: polygon(50% 0, 100% 95%, 0 95%); width: 0.82em; height: 0.8em; }
.shape-info { background: var(--info-fill); border-radius: 50%; }
.badge { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px 1px 7px; border-radius: 999px; font-size: 0.76rem; font-weight: 650; white-space: nowrap; }
.badge.sev-error { background: var(--error-soft); color: var(--error); }
.badge.sev-warning { background: var(--warning-soft); color: var(--warning); }
.badge.sev-info { background: var(--info-soft); color: var(--info); }

.section-note { color: var(--muted); margin: -0.2rem 0 0.8rem; max-width: 60em; }
.plan { margin: 0 0 18px; padding-left: 1.6em; columns: 2 320px; column-gap: 28px; }
.plan li { break-inside: avoid; padding: 2px 0; }
.plan .n, .group-head .n { color: var(--muted); font-variant-numeric: tabular-nums; font-weight: 600; }
.plan .rule-name { color: var(--ink); }

.filters { display: flex; flex-wrap: wrap; align-items: end; gap: 8px 16px; padding: 10px 12px; margin: 0 0 14px; background: var(--soft); border: 1px solid var(--line); border-radius: 8px; font-size: 0.88rem; position: sticky; top: 0; z-index: 1; }
.filters label { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.filters label span { font-size: 0.74rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.filters input[type=search] { width: 14em; max-width: 100%; padding: 4px 6px; font: inherit; }
.filters select { max-width: 16em; font: inherit; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.filters legend { font-size: 0.74rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; padding: 0; }
.filters fieldset label { flex-direction: row; align-items: center; gap: 4px; }
.filters output { color: var(--muted); margin-left: auto; }

.group { margin: 0 0 22px; scroll-margin-top: 80px; }
.group-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; margin: 0; padding: 8px 0 6px; border-bottom: 2px solid var(--ink); font-size: 1.05rem; }
.group-head .rule { color: var(--ink); }
.group-desc { margin: 6px 0; color: var(--muted); font-size: 0.88rem; max-width: 60em; }
.group:target .group-head { background: #fff3bf; }
table { border-collapse: collapse; }
.findings, .facts, .catalogue { width: 100%; font-size: 0.88rem; }
.findings th, .findings td, .facts th, .facts td, .catalogue th, .catalogue td { text-align: left; vertical-align: top; padding: 6px 10px 6px 0; border-bottom: 1px solid var(--line); }
.findings thead th, .facts thead th, .catalogue thead th { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 600; }
.c-where { width: 26%; } .c-record { width: 24%; }
.f-where .loc { color: var(--muted); }
.rec code { color: var(--muted); }
.fix { margin: 4px 0 0; font-size: 0.92em; }
.fix summary { cursor: pointer; color: var(--muted); }
.fix-safety { font-weight: 600; color: var(--ink); }
.fix-review .fix-safety { color: var(--warning); }
.patch { margin: 4px 0 0; padding: 6px 8px; background: var(--soft); border: 1px solid var(--line); overflow-x: auto; font: 0.9em/1.4 var(--mono); white-space: pre; overflow-wrap: normal; }
.patch .p-add { color: #116329; background: #e6f4ea; }
.patch .p-del { color: #82071e; background: #fbe9eb; }
.patch .p-hunk { color: var(--info); }
.patch .p-file { color: var(--muted); font-weight: 600; }
.vals { margin: 3px 0 0; padding: 0; list-style: none; font-size: 0.92em; color: var(--muted); }
.v-name { font-weight: 600; }
.v-text { color: var(--ink); }
.src { font-size: 0.92em; }
.see { color: var(--muted); font-size: 0.92em; }
.state { font-size: 0.72rem; font-weight: 700; text-transform: uppercase; padding: 0 5px; border: 1px solid currentColor; border-radius: 4px; }
.state-new { color: var(--error); }
details.more { margin: 4px 0 0; }
details > summary { cursor: pointer; color: var(--accent); padding: 6px 0; }
p.more { margin: 6px 0; }
.pager { margin: 0 0 10px; }

.record { margin: 0 0 30px; scroll-margin-top: 80px; }
.record:target .record-head { background: #fff3bf; }
.record-head { margin: 0; padding: 8px 0 4px; border-bottom: 2px solid var(--ink); font-size: 1.08rem; }
.record-head code { color: var(--muted); font-weight: 500; }
.record-meta { margin: 4px 0 8px; color: var(--muted); font-size: 0.88rem; }
.tally a { white-space: nowrap; }
.pic { margin: 8px 0 14px; }
.pic figcaption { font-size: 0.76rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 4px; }
svg.graph, svg.timeline, svg.overview { display: block; width: 100%; height: auto; max-width: 860px; font-family: system-ui, sans-serif; }
svg .node rect { fill: #fff; stroke: #8c959f; stroke-width: 1.2; }
svg .node.me rect { fill: var(--ink); stroke: var(--ink); }
svg .node.me text { fill: #fff; }
svg .node.person rect { rx: 19; }
svg .node.missing rect { stroke-dasharray: 3 3; fill: var(--soft); }
svg .node.has-findings rect { stroke: var(--error-fill); stroke-width: 2; }
svg .node a:hover rect { fill: var(--info-soft); }
svg .nm { font-size: 13px; font-weight: 600; fill: var(--ink); }
svg .id, svg .kinds { font-size: 11px; fill: var(--muted); }
svg .node.me .id { fill: #d0d7de; }
svg .kinds .one, svg .conflict-mark { fill: var(--one); font-weight: 700; }
svg .col-head { font-size: 11px; fill: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
svg .edge path { fill: none; stroke: #8c959f; stroke-width: 1.5; }
svg .edge.one-sided path { stroke: var(--one); stroke-width: 2.5; stroke-dasharray: 6 4; }
svg .arrow { fill: #8c959f; }
svg .more-nodes { font-size: 12px; fill: var(--muted); }
svg .axis { stroke: var(--ink); } svg .tick { stroke: #eef1f4; } svg .tick-label { font-size: 11px; fill: var(--muted); }
svg .guide { stroke: #f0f2f4; }
svg .tl-label { font-size: 12px; fill: var(--ink); }
svg .mark { fill: var(--info-fill); } svg .mark.dated { fill: #59636e; }
svg .span { fill: var(--info-fill); opacity: 0.7; }
svg .conflict .mark { fill: var(--one); }
svg .tl-item:hover .tl-label { text-decoration: underline; }
svg .ov-edge { stroke: #b6bec6; stroke-width: 1; fill: none; }
svg .ov-edge.hub-link { stroke: var(--ink); stroke-width: 2; }
svg .ov-edge.one-sided { stroke: var(--one); stroke-dasharray: 5 3; stroke-width: 1.5; }
svg .node.small .nm { font-size: 11px; font-weight: 500; }
svg .node.one-sided rect { stroke: var(--one); stroke-dasharray: 4 2; }
svg .one { fill: var(--one); font-weight: 700; }
.facts { margin-top: 6px; }
.facts thead th { white-space: nowrap; }
.facts tr.one-sided td, .facts tr.conflict td { background: #fdf0ef; }
.one, .conflict-mark { color: var(--one); }
.neighbours { columns: 2 300px; column-gap: 28px; padding-left: 1.2em; font-size: 0.9rem; }
.neighbours li { break-inside: avoid; }
.neighbours li:target { background: #fff3bf; }
.neighbours .loc { color: var(--muted); font-size: 0.8em; }

.catalogue th[scope="row"] { width: 30%; font-weight: 500; }
.catalogue th[scope="row"] .rule-id { display: block; font-weight: 700; }
.catalogue .note { display: block; font-size: 0.76rem; color: var(--muted); }
.catalogue tr.disabled .description { color: var(--faint); }
.catalogue tr:target { background: #fff8d6; }
footer { color: var(--faint); font-size: 0.8rem; margin-top: 40px; padding-bottom: 32px; }
footer p { border-top: 1px solid var(--line); padding-top: 12px; margin: 0; }

@media (max-width: 640px) {
  .wrap { padding: 0 12px; }
  .findings thead, .facts thead, .catalogue thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .findings tr, .findings td, .facts tr, .facts td, .facts th, .catalogue tr, .catalogue td, .catalogue th { display: block; width: auto !important; }
  .findings tr, .facts tr, .catalogue tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  .findings td, .facts td, .catalogue td, .catalogue th { border: 0; padding: 1px 0; }
  .filters { position: static; }
  .filters input[type=search] { width: 100%; }
  .filters output { margin-left: 0; }
}
@media print {
  .filters, .toc, .skip { display: none; }
  details { display: block; }
  .masthead { background: none; }
}
</xsl:text>
  </xsl:template>

</xsl:stylesheet>

<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom or RSS feed as a readable German page when it is opened in a browser.
     Feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="atom:feed/atom:title | rss/channel/title"/>
    <xsl:variable name="home" select="atom:feed/atom:link[@rel='alternate']/@href | rss/channel/link"/>
    <html lang="de">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Newsfeed: <xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="{$home}theme/css/site.css"/>
      </head>
      <body>
        <main id="inhalt" class="container feed-preview">
          <p class="feed-preview__note">
            Dies ist ein <strong>Newsfeed</strong>. Kopieren Sie die Adresse aus der
            Adresszeile in Ihren Feedreader, um neue Meldungen automatisch zu erhalten.
            <a href="{$home}feeds/">Wie das geht</a>
          </p>
          <h1><xsl:value-of select="$title"/></h1>
          <ul class="feed-preview__list">
            <xsl:for-each select="atom:feed/atom:entry | rss/channel/item">
              <li>
                <a href="{atom:link[@rel='alternate']/@href | link}">
                  <xsl:value-of select="atom:title | title"/>
                </a>
              </li>
            </xsl:for-each>
          </ul>
          <p><a href="{$home}">Zur Website</a></p>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>

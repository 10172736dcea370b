extension HTMLRenderer {
    /// The page's style sheet, written into the page: system fonts, no web fonts or images.
    static let style = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f7f9; color: #1d2330;
          font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 28px 32px 48px; background: #fff; }
        h1 { font-size: 1.6rem; margin: 0 0 4px; line-height: 1.25; }
        h2 { font-size: 1.1rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #e3e6ec; }
        .meta { color: #5b6475; font-size: 0.85rem; margin: 0 0 16px; }
        .lead { font-size: 1.02rem; background: #f1f5fb; border-left: 4px solid #3b6fb6; padding: 12px 16px;
          margin: 0 0 8px; }
        .narrative ul { margin: 0; padding-left: 1.3em; }
        .narrative li { margin: 3px 0; }
        .cites, .chart-link { font-size: 0.75rem; white-space: nowrap; }
        .cites a, .chart-link { color: #3b6fb6; text-decoration: none; }
        .cites a:hover, .chart-link:hover { text-decoration: underline; }
        .count { color: #5b6475; font-weight: normal; }
        table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e8ebf0; }
        th { background: #f3f5f8; font-weight: 600; white-space: nowrap; }
        td.date { white-space: nowrap; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        tr:target { background: #fff4c2 !important; outline: 2px solid #f0c419; }
        .badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 0.75rem; font-weight: 600;
          text-transform: uppercase; letter-spacing: 0.02em; }
        .badge.critical { background: #fde2e1; color: #a4161a; }
        .badge.warning { background: #fff0d1; color: #8a5300; }
        .badge.info { background: #e6ebf2; color: #44516a; }
        .skipped ul { padding-left: 1.3em; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 8px 20px; }
        .charts h2 { grid-column: 1 / -1; }
        figure { margin: 0 0 8px; }
        figure:target { outline: 2px solid #f0c419; }
        figure svg { width: 100%; height: auto; display: block; }
        figcaption { font-size: 0.8rem; color: #3a4254; }
        .legend { color: #5b6475; }
        .grid { stroke: #dde1e8; stroke-width: 1; }
        .band { fill: #d6e4f5; stroke: none; }
        .expected { fill: none; stroke: #7b9cc9; stroke-width: 1.5; stroke-dasharray: 5 4; }
        .observed { fill: none; stroke: #1f3f73; stroke-width: 2; stroke-linejoin: round; }
        .lone { fill: #1f3f73; }
        .flag { fill: #d9363e; stroke: #fff; stroke-width: 1.5; }
        .flag-label { font-size: 11px; fill: #b0262d; font-weight: 600; }
        .flag-guide { stroke: #d9363e; stroke-width: 1; stroke-dasharray: 2 3; opacity: 0.7; }
        .axis { font-size: 11px; fill: #5b6475; }
        footer { margin-top: 28px; padding-top: 8px; border-top: 1px solid #e3e6ec; color: #5b6475;
          font-size: 0.8rem; font-style: italic; }

        """
}

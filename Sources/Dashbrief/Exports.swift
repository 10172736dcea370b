// One `import Dashbrief` gives the whole library API: reports, findings, metrics, transports.
@_exported import Analysis
@_exported import Narrative
@_exported import PostHog
@_exported import Transport

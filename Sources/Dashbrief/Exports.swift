// One `import Dashbrief` gives the whole library API: reports, findings, metrics, transports, schedules.
@_exported import Analysis
@_exported import Delivery
@_exported import Narrative
@_exported import PostHog
@_exported import Scheduling
@_exported import Transport

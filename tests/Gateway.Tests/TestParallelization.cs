// WebApplicationFactory<Program> finds the gateway's host through a process-wide DiagnosticListener while Program's
// top-level code runs: factories started in parallel can catch each other's host (seen as "IServerAddressesFeature.Addresses
// cannot be modified after the server has started" once in a few runs). The gateway's tests therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

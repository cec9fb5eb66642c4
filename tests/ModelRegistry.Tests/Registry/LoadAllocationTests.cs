namespace ModelRegistry.Tests.Registry;

/// <summary>Resolving a load allocates its configuration and nothing else: the provider's variable names and its parsed
/// declared endpoint are computed once per <see cref="ProviderInfo"/>, not per load.</summary>
[Collection(AllocationCollection.Name)]
public sealed class LoadAllocationTests
{
    // A prefix no test sets, so every variable of this provider is unset and the declared endpoint applies.
    private static readonly ProviderInfo Local = new()
    {
        Name = "allocation-probe",
        EnvironmentPrefix = "MODELREGISTRY_ALLOCATION_PROBE",
        BaseUrl = "http://localhost:8000/v1",
        IsLocal = true,
    };

    [Fact]
    public void Resolve_allocates_only_the_configuration()
    {
        ChatModelConfiguration first = GeneratedRegistrySupport.Resolve(Local, "m", profile: null, settings: null, requiresEndpoint: true, requiresApiKey: true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ChatModelConfiguration second = GeneratedRegistrySupport.Resolve(Local, "m", profile: null, settings: null, requiresEndpoint: true, requiresApiKey: true);
        long resolving = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        var handBuilt = new ChatModelConfiguration { Provider = Local, Model = "m", Endpoint = first.Endpoint };
        long configuration = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(configuration, resolving);
        Assert.Equal(new Uri("http://localhost:8000/v1"), second.Endpoint);
        Assert.Same(first.Endpoint, second.Endpoint);
        Assert.Equal(handBuilt.Endpoint, second.Endpoint);
    }

    [Fact]
    public void Variable_names_are_computed_once_per_provider()
    {
        ProviderVariables variables = Local.Variables;

        Assert.Same(variables, Local.Variables);
        Assert.Equal(
            ["MODELREGISTRY_ALLOCATION_PROBE_API_BASE", "MODELREGISTRY_ALLOCATION_PROBE_BASE_URL", "MODELREGISTRY_ALLOCATION_PROBE_API_KEY",
             "MODELREGISTRY_ALLOCATION_PROBE_PROVIDER_NAME", "MODELREGISTRY_ALLOCATION_PROBE_CUSTOM_HEADERS", "MODELREGISTRY_ALLOCATION_PROBE_TIMEOUT",
             "MODELREGISTRY_ALLOCATION_PROBE_MAX_RETRIES"],
            [variables.ApiBase, variables.BaseUrl, variables.ApiKey, variables.ProviderName, variables.CustomHeaders, variables.Timeout, variables.MaxRetries]);
    }
}

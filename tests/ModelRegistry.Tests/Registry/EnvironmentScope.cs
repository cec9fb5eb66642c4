namespace ModelRegistry.Tests.Registry;

/// <summary>Sets environment variables for one test and restores their previous values, so tests that read the
/// environment (all in the <see cref="EnvironmentCollection"/>) never leak into each other.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    /// <summary>Every variable the registry tests read; each test starts with all of them unset.</summary>
    private static readonly string[] Variables =
    [
        "VLLM_API_BASE", "VLLM_BASE_URL", "VLLM_API_KEY", "VLLM_CUSTOM_HEADERS", "VLLM_TIMEOUT", "VLLM_MAX_RETRIES",
        "VLLM_STREAM_IDLE_TIMEOUT", "VLLM_MAX_RESPONSE_BYTES",
        "OPENROUTER_API_BASE", "OPENROUTER_BASE_URL", "OPENROUTER_API_KEY", "OPENROUTER_CUSTOM_HEADERS",
        "REMOTE_LAB_API_BASE", "REMOTE_LAB_BASE_URL", "REMOTE_LAB_API_KEY",
        "ECHO_API_BASE", "ECHO_BASE_URL", "ECHO_API_KEY",
        "PREFERRED_PROVIDER", "MODELREGISTRY_TEST_TITLE",
        "OFFLOAD", "LOCAL_BASE_URL", "MODELREGISTRY_OVERLAY", "MODELREGISTRY_TEST_ROUTE_KEY",
    ];

    /// <summary>Every variable of every provider of the test registry, built-ins included, so a value set on this machine
    /// (an OPENAI_API_KEY in a developer's shell) cannot change a test's outcome.</summary>
    private static readonly string[] ProviderVariables = TestModels.Providers
        .SelectMany(p => new[] { "_API_BASE", "_BASE_URL", "_API_KEY", "_CUSTOM_HEADERS", "_TIMEOUT", "_MAX_RETRIES", "_STREAM_IDLE_TIMEOUT", "_MAX_RESPONSE_BYTES", "_PROVIDER_NAME" }
            .Select(suffix => p.EnvironmentPrefix + suffix))
        .ToArray();

    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public EnvironmentScope(params (string Name, string? Value)[] values)
    {
        foreach (string name in Variables.Concat(ProviderVariables).Concat(values.Select(v => v.Name)).Distinct(StringComparer.Ordinal))
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        foreach ((string name, string? value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach ((string name, string? value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

/// <summary>Tests that change the process environment: never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}

using BenchmarkDotNet.Attributes;
using Benchmarks.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry;

namespace Benchmarks.Load;

/// <summary>
/// Target 2, the cost of <c>LoadChatModel</c> beyond constructing the client: loading <c>vllm:qwen3-4b</c> (a built-in
/// local provider, so no API key; a profiled model, so no model string is copied) against constructing the same
/// client from a configuration the caller builds itself. <see cref="ResolveOnly"/> isolates the resolution step (the
/// environment, the endpoint, the configuration) to show where any difference goes.
/// </summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private string _modelId = "";
    private string _model = "";
    private ProviderInfo _provider = null!;
    private ModelProfile _profile = null!;
    private Uri _endpoint = null!;
    private ChatModelConfiguration _resolved = null!;
    private string[] _variables = [];
    private IModelRegistry _registryObject = null!;
    private ServiceProvider _host = null!;
    private IModelRegistry _hostedRegistry = null!;

    [GlobalSetup]
    public void Setup()
    {
        foreach (string variable in (string[])["VLLM_API_BASE", "VLLM_BASE_URL", "VLLM_API_KEY", "PREFERRED_PROVIDER"])
        {
            if (Environment.GetEnvironmentVariable(variable) is not null)
            {
                throw new InvalidOperationException($"Unset {variable}: the load benchmarks measure the declared defaults.");
            }
        }

        _modelId = new string("vllm:qwen3-4b".AsSpan());
        _provider = BenchmarkModels.Vllm.Info;
        _profile = BenchmarkModels.TryGetProfile("vllm", "qwen3-4b", out ModelProfile? profile)
            ? profile
            : throw new InvalidOperationException("The benchmark registry has no profile for vllm:qwen3-4b (profiles/load/vllm.json).");
        _model = _profile.Model;
        _endpoint = new Uri(_provider.BaseUrl!);
        _variables = ["_API_BASE", "_BASE_URL", "_PROVIDER_NAME", "_API_KEY", "_CUSTOM_HEADERS", "_TIMEOUT", "_MAX_RETRIES"];
        for (int i = 0; i < _variables.Length; i++)
        {
            _variables[i] = _provider.EnvironmentPrefix + _variables[i];
        }

        _resolved = ResolveOnly();
        _registryObject = BenchmarkModels.Registry;
        // The host's registry: AddModelRegistry with no configuration section, the default logging and HttpClient factory.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddModelRegistry(BenchmarkModels.Registry);
        _host = services.BuildServiceProvider();
        _hostedRegistry = _host.GetRequiredService<IModelRegistry>();

        using IChatClient loaded = LoadChatModel();
        using IChatClient direct = ConstructClient();
        if (loaded.GetService<ChatClientMetadata>()?.ProviderUri != direct.GetService<ChatClientMetadata>()?.ProviderUri)
        {
            throw new InvalidOperationException("The loaded and the directly constructed client talk to different endpoints.");
        }
    }

    /// <summary>What an application does without the registry: a configuration and the client.</summary>
    [Benchmark(Baseline = true)]
    public IChatClient ConstructClient() => new OpenAICompatibleChatClient(new ChatModelConfiguration
    {
        Provider = _provider,
        Model = _model,
        Endpoint = _endpoint,
        Compatibility = _profile.Compatibility,
        Profile = _profile,
    });

    /// <summary>The registry: split the id, find the provider and the profile, resolve the environment, construct.</summary>
    [Benchmark]
    public IChatClient LoadChatModel() => BenchmarkModels.LoadChatModel(_modelId);

    /// <summary>The same load through the registry object, <c>Models.Registry</c> (an interface call more).</summary>
    [Benchmark]
    public IChatClient LoadThroughRegistryObject() => _registryObject.LoadChatModel(_modelId);

    /// <summary>The same load through the host's <see cref="IModelRegistry"/> of <c>AddModelRegistry</c>: the options
    /// layered over the load, a named HttpClient from the factory, the (empty) pipeline.</summary>
    [Benchmark]
    public IChatClient LoadThroughHostedRegistry() => _hostedRegistry.LoadChatModel(_modelId);

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    /// <summary>The provider's nested class: no provider lookup.</summary>
    [Benchmark]
    public IChatClient LoadFromProviderClass() => BenchmarkModels.Vllm.LoadChatModel(_model);

    /// <summary>Only the resolution step of a load (no client).</summary>
    [Benchmark]
    public ChatModelConfiguration ResolveOnly() =>
        GeneratedRegistrySupport.Resolve(_provider, _model, _profile, settings: null, requiresEndpoint: true, requiresApiKey: true);

    /// <summary>Only the configuration an application builds (no client): the baseline of <see cref="ResolveOnly"/>.</summary>
    [Benchmark]
    public ChatModelConfiguration ConstructConfiguration() => new()
    {
        Provider = _provider,
        Model = _model,
        Endpoint = _endpoint,
        Compatibility = _profile.Compatibility,
        Profile = _profile,
    };

    // The pieces of ResolveOnly, as runtime/Loading/ProviderEnvironment.cs does them, to show where its time and bytes go.

    /// <summary>The seven environment variables a load reads for an unset environment, by the names the provider keeps
    /// (<c>ProviderInfo.Variables</c>: built once, not per load).</summary>
    [Benchmark]
    public int EnvironmentReads()
    {
        int found = 0;
        foreach (string variable in _variables)
        {
            found += Environment.GetEnvironmentVariable(variable) is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>What a load spent before the names were kept on the provider: each name concatenated, then read.</summary>
    [Benchmark]
    public int EnvironmentReadsBuildingNames()
    {
        int found = 0;
        string prefix = _provider.EnvironmentPrefix;
        foreach (string suffix in (ReadOnlySpan<string>)["_API_BASE", "_BASE_URL", "_PROVIDER_NAME", "_API_KEY", "_CUSTOM_HEADERS", "_TIMEOUT", "_MAX_RETRIES"])
        {
            found += Environment.GetEnvironmentVariable(prefix + suffix) is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>The declared base URL parsed into a new <see cref="Uri"/>, as every load did before the provider kept it.</summary>
    [Benchmark]
    public Uri ParseDeclaredEndpoint() => new(_provider.BaseUrl!, UriKind.Absolute);

    /// <summary>The client on the configuration a load resolves (the baseline constructs it on one it builds itself).</summary>
    [Benchmark]
    public IChatClient ConstructClientOnResolvedConfiguration() => new OpenAICompatibleChatClient(_resolved);
}

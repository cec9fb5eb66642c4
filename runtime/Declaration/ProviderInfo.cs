using System.Collections.Immutable;

namespace ModelRegistry;

/// <summary>
/// A declared (or built-in) provider as compiled into the registry. Instances are created once by
/// generated code and returned by lookups without allocation.
/// </summary>
public sealed class ProviderInfo
{
    private ProviderVariables? _variables;

    /// <summary>The provider name as declared.</summary>
    public required string Name { get; init; }

    /// <summary><c>"openai-compatible"</c> for the library's client; <see langword="null"/> when <see cref="ChatClientType"/> or
    /// <see cref="ChatClientFactoryType"/> is set.</summary>
    public string? Kind { get; init; }

    /// <summary>The user <c>IChatClient</c> type the provider constructs, or <see langword="null"/>.</summary>
    public Type? ChatClientType { get; init; }

    /// <summary>The user type whose static factory method builds the provider's clients (<c>ChatClientFactory</c>), or <see langword="null"/>.</summary>
    public Type? ChatClientFactoryType { get; init; }

    /// <summary>The declared default endpoint, or <see langword="null"/> when it must come from the environment or settings.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The prefix of the provider's environment variables: the upper-cased name with <c>-</c> replaced by <c>_</c>.</summary>
    public required string EnvironmentPrefix { get; init; }

    /// <summary>Declared extra headers; values may hold <c>${ENV}</c> references, resolved at load time.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The provider's compatibility options (profiles and settings may override them per model).</summary>
    public CompatibilityOptions Compatibility { get; init; } = CompatibilityOptions.Default;

    /// <summary>Whether the provider runs locally and needs no API key.</summary>
    public bool IsLocal { get; init; }

    /// <summary>Whether the provider comes from the built-in table rather than a user declaration.</summary>
    public bool IsBuiltIn { get; init; }

    /// <summary>How the API key is sent.</summary>
    public ProviderAuthentication Authentication { get; init; } = ProviderAuthentication.Bearer;

    /// <summary>The <c>api-version</c> query value (Azure OpenAI), or <see langword="null"/>.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The model ids the provider's profiles list, ordinal-sorted.</summary>
    public ImmutableArray<string> Models { get; init; } = [];

    /// <summary>The variable names and the parsed declared endpoint, computed on first use and kept: generated code
    /// creates each instance once, so this is once per provider. The properties above are init-only, so what it is
    /// computed from cannot change afterwards.</summary>
    internal ProviderVariables Variables => Volatile.Read(ref _variables) ?? CreateVariables();

    /// <inheritdoc/>
    public override string ToString() => Name;

    // Two threads may both compute it the first time; one result wins and both are equal.
    private ProviderVariables CreateVariables() =>
        Interlocked.CompareExchange(ref _variables, new ProviderVariables(this), null) ?? _variables!;
}

/// <summary>How a provider expects its API key.</summary>
public enum ProviderAuthentication
{
    /// <summary><c>Authorization: Bearer {key}</c>.</summary>
    Bearer,
    /// <summary>Azure OpenAI's <c>api-key: {key}</c> header.</summary>
    ApiKeyHeader,
}

using System.Collections.Immutable;

namespace ModelRegistry;

/// <summary>
/// One endpoint a routed model is served from: a declared provider or a bare <see cref="BaseUrl"/>.
/// Keys are never stored: <see cref="ApiKey"/> is an <c>${ENV}</c> reference resolved at load time.
/// </summary>
public sealed record ModelRoute
{
    /// <summary>The declared provider serving this route, or <see langword="null"/> when <see cref="BaseUrl"/> is set.</summary>
    public string? Provider { get; init; }
    /// <summary>The endpoint of a route that names no provider.</summary>
    public string? BaseUrl { get; init; }
    /// <summary>Relative share of traffic.</summary>
    public double Weight { get; init; } = 1;
    /// <summary>Whether the route runs on the user's own hardware (dropped under <c>OFFLOAD=1</c>).</summary>
    public bool Local { get; init; }
    /// <summary>The model id this route sends on the wire.</summary>
    public string? ProviderModelId { get; init; }
    /// <summary>The key as an <c>${ENV}</c> reference, never a literal.</summary>
    public string? ApiKey { get; init; }
    /// <summary>Several keys as <c>${ENV}</c> references (the seed's <c>api_keys</c>): the route rotates to the next one
    /// when the upstream answers 429 or refuses a key (401/403), before the call moves to the next route. When set, it
    /// replaces <see cref="ApiKey"/>.</summary>
    public ImmutableArray<string> ApiKeys { get; init; } = [];
    /// <summary>The route's own context window, when it differs from the model's <see cref="ModelProfile.MaxInputTokens"/>
    /// (a server started with a shorter <c>--max-model-len</c>); a call whose estimated prompt is larger skips the route.</summary>
    public int? MaxInputTokens { get; init; }
    /// <summary>Requests per minute allowed on this route, when limited.</summary>
    public int? RequestsPerMinute { get; init; }
    /// <summary>Tokens per minute allowed on this route, when limited.</summary>
    public int? TokensPerMinute { get; init; }
    /// <summary>Tokens per hour allowed on this route, when limited (<c>tokens_per_hour</c>).</summary>
    public int? TokensPerHour { get; init; }
    /// <summary>Tokens per day allowed on this route, when limited (<c>tokens_per_day</c>: the daily quotas providers publish).</summary>
    public int? TokensPerDay { get; init; }

    // ToString shows an ${ENV} reference but never a key written in its place.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Provider = {Provider}, BaseUrl = {BaseUrl}, Weight = {Weight}, Local = {Local}, ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"ProviderModelId = {ProviderModelId}, ApiKey = {ProviderEnvironment.DescribeKeyReference(ApiKey)}, ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"ApiKeys = [{string.Join(", ", ApiKeys.Select(ProviderEnvironment.DescribeKeyReference))}], MaxInputTokens = {MaxInputTokens}, ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"RequestsPerMinute = {RequestsPerMinute}, TokensPerMinute = {TokensPerMinute}, TokensPerHour = {TokensPerHour}, TokensPerDay = {TokensPerDay}");
        return true;
    }
}

namespace ModelRegistry;

/// <summary>Prices in US dollars, per token unless named otherwise (OpenRouter's convention).</summary>
public sealed record ModelPricing
{
    /// <summary>Per input token.</summary>
    public decimal? Prompt { get; init; }
    /// <summary>Per output token.</summary>
    public decimal? Completion { get; init; }
    /// <summary>Per cached input token read.</summary>
    public decimal? InputCacheRead { get; init; }
    /// <summary>Per cached input token written.</summary>
    public decimal? InputCacheWrite { get; init; }
    /// <summary>Per request.</summary>
    public decimal? Request { get; init; }
    /// <summary>Per input image.</summary>
    public decimal? Image { get; init; }
}

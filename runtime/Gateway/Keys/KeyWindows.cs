namespace ModelRegistry.Gateway;

/// <summary>
/// A named key's rate windows in the routing state store: <c>window:key:{name}:requests-per-minute</c> and
/// <c>…:tokens-per-minute</c>, fixed UTC minutes (the store numbers windows from the epoch, so every instance counts in the
/// same minute). A key name never holds <c>:</c> (it is a configuration section's name), so no key's windows meet another's.
/// </summary>
internal static class KeyWindows
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The windows a call of <paramref name="key"/> takes: one request, and <paramref name="reservedTokens"/> (its
    /// prompt's estimate, replaced by the real usage when it ends) in the token window. Empty for a key without limits.</summary>
    public static WindowLimit[] For(GatewayKey key, long reservedTokens)
    {
        if (key.RequestsPerMinute is null && key.TokensPerMinute is null)
        {
            return [];
        }

        var windows = new List<WindowLimit>(2);
        if (key.RequestsPerMinute is { } requests)
        {
            windows.Add(new WindowLimit($"window:key:{key.Name}:requests-per-minute", 1, requests, Minute, Adjustable: false));
        }

        if (key.TokensPerMinute is { } tokens)
        {
            windows.Add(new WindowLimit($"window:key:{key.Name}:tokens-per-minute", reservedTokens, tokens, Minute, Adjustable: true));
        }

        return [.. windows];
    }

    /// <summary>The limit a full window stands for, as a refusal names it.</summary>
    public static string Describe(WindowLimit window) =>
        window.Adjustable ? $"{window.Limit} tokens per minute" : $"{window.Limit} requests per minute";
}

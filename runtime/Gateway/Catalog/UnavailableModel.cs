namespace ModelRegistry.Gateway;

/// <summary>A model the gateway does not serve although the registry declares it, and why (listed by <c>/health</c>).</summary>
/// <param name="Id">The id it would be served under: <c>provider:model</c>.</param>
/// <param name="Reason">Why it is not served (the loader's message; it never contains a key).</param>
internal sealed record UnavailableModel(string Id, string Reason);

namespace ModelRegistry.Compiler;

/// <summary>Where a provider declaration came from: the registry class's attribute at <paramref name="Index"/>
/// (<paramref name="File"/> null; negative for a built-in), or entry <paramref name="Index"/> of a file's <c>providers</c> array.</summary>
internal readonly record struct ProviderSource(ProviderSpec Provider, ProfileFileSpec? File, int Index);

namespace ModelRegistry.Compiler;

/// <summary>
/// Told about everything <see cref="RegistryBuilder"/> drops. The generator passes none; the analyzers report each event
/// at the location they recorded while parsing, so the cross-file rules are decided in one place.
/// </summary>
internal interface IRegistryBuildObserver
{
    /// <summary>A provider declared again (names compare ignoring case); the first declaration is kept.</summary>
    void DuplicateProvider(ProviderSource duplicate, ProviderSource kept);

    /// <summary>A profile file whose <c>provider</c> key names no declared provider.</summary>
    void UndeclaredProvider(ProfileFileSpec file);

    /// <summary>A route naming no declared provider (the route is dropped).</summary>
    void UndeclaredRouteProvider(ProfileFileSpec file, ModelSpec model, int routeIndex, string provider);

    /// <summary>A model id, or one of its aliases (<paramref name="alias"/> not null), already defined for the provider by an earlier file.</summary>
    void DuplicateModel(ProfileFileSpec file, ModelSpec model, string? alias, ProfileFileSpec firstFile);

    /// <summary>A provider whose nested-class identifier is dropped: <paramref name="reason"/> completes "maps to X, ...".</summary>
    void ProviderIdentifierDropped(ProviderSource provider, string identifier, string reason);

    /// <summary>A model whose property identifier is dropped.</summary>
    void ModelIdentifierDropped(ProviderSpec provider, ProfileFileSpec file, ModelSpec model, string identifier, string reason);
}

/// <summary>Where a provider declaration came from: the registry class's attribute at <paramref name="Index"/>
/// (<paramref name="File"/> null), or entry <paramref name="Index"/> of a file's <c>providers</c> array.</summary>
internal readonly record struct ProviderSource(ProviderSpec Provider, ProfileFileSpec? File, int Index);

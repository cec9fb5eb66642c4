namespace ModelRegistry.Compiler;

/// <summary>What a recorded name is (see <see cref="NameKey"/>).</summary>
internal enum NameKind
{
    /// <summary>The start of a file the parser treated as a profile file (and so reported on).</summary>
    ProfileFile,

    /// <summary>The value of a file's <c>provider</c> key.</summary>
    FileProvider,

    /// <summary>The <c>name</c> of entry <see cref="NameKey.Index"/> of a file's <c>providers</c> array.</summary>
    DataProvider,

    /// <summary>A model id (a key of a <c>models</c> map).</summary>
    Model,

    /// <summary>An alias of a model.</summary>
    Alias,

    /// <summary>The <c>provider</c> of route <see cref="NameKey.Index"/> of a model.</summary>
    RouteProvider,

    /// <summary>Entry <see cref="NameKey.Index"/> of a model's <c>fallbacks</c>.</summary>
    Fallback,

    /// <summary>The name argument of the <see cref="NameKey.Index"/>-th kept <c>[ModelProvider]</c> of a registry class.</summary>
    AttributeProvider,
}

/// <summary>
/// A name the cross-file rules of <see cref="RegistryBuilder"/> may report at. Specs carry no locations (they would
/// break incremental caching), so the parsers record where names are written under these keys and the builder asks for
/// them by the same keys.
/// </summary>
/// <param name="Kind">What the name is.</param>
/// <param name="Scope">The file path, or for <see cref="NameKind.AttributeProvider"/> the registry class's hint name.</param>
/// <param name="Model">The model id, for model, alias and route names.</param>
/// <param name="Alias">The alias, for <see cref="NameKind.Alias"/>.</param>
/// <param name="Index">The array index, for data providers, routes and attribute providers.</param>
internal readonly record struct NameKey(NameKind Kind, string Scope, string? Model = null, string? Alias = null, int Index = 0);

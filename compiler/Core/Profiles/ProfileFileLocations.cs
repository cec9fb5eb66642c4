using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// Where the names of one profile file are written. Specs carry no locations (they would break incremental caching),
/// so the analyzers collect these while parsing and use them to report the cross-file rules of
/// <see cref="RegistryBuilder"/> (duplicate providers and models, undeclared providers, identifier collisions).
/// </summary>
internal sealed class ProfileFileLocations
{
    private readonly Dictionary<string, Location> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Model, string Alias), Location> _aliases = new();
    private readonly Dictionary<(string Model, int Route), Location> _routeProviders = new();

    public ProfileFileLocations(Location file) => File = file;

    /// <summary>Whether the parser treated the file as a profile file (and so reported its problems); see <see cref="ProfileFileParser"/>.</summary>
    public bool IsProfileFile { get; set; }

    /// <summary>The start of the file: for problems that concern it as a whole.</summary>
    public Location File { get; }

    /// <summary>The value of the <c>provider</c> key, when the file has one.</summary>
    public Location? Provider { get; set; }

    /// <summary>The <c>name</c> value of each provider in the <c>providers</c> array, in the order of <see cref="ProfileFileSpec.Providers"/>.</summary>
    public List<Location> DataProviders { get; } = new();

    public void AddModel(string id, Location location) => _models[id] = location;

    public void AddAlias(string model, string alias, Location location) => _aliases[(model, alias)] = location;

    public void AddRouteProvider(string model, int route, Location location) => _routeProviders[(model, route)] = location;

    public Location Model(string id) => _models.TryGetValue(id, out Location? location) ? location : File;

    public Location Alias(string model, string alias) => _aliases.TryGetValue((model, alias), out Location? location) ? location : Model(model);

    public Location RouteProvider(string model, int route) =>
        _routeProviders.TryGetValue((model, route), out Location? location) ? location : Model(model);
}

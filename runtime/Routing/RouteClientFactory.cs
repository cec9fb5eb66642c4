using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Builds the client of one route that names a declared provider: generated registries pass a function that constructs
/// <paramref name="provider"/>'s client for <paramref name="model"/> (the id sent on the wire) without routing again.
/// </summary>
/// <param name="provider">The declared provider the route names.</param>
/// <param name="model">The model id the route sends.</param>
/// <param name="settings">The load settings with the route's endpoint and key applied.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate IChatClient RouteClientFactory(string provider, string model, ChatModelSettings? settings);

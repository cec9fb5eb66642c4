using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// What the registry adds to every response of a model it loaded: the route that answered, whether the usage is an
/// estimate, and the call's cost. A model without routes reports its provider's name as the route, so the same
/// <see cref="RoutedCallInfoExtensions.GetRoutedCallInfo(ChatResponse)"/> reads the cost of every model. Stored in <see cref="ChatResponse.AdditionalProperties"/> (and, when streaming, on the update that carries the
/// usage) under <see cref="RouteKey"/>, <see cref="UsageEstimatedKey"/> and <see cref="CostKey"/>; read it with
/// <see cref="RoutedCallInfoExtensions.GetRoutedCallInfo(ChatResponse)"/>.
/// </summary>
/// <param name="Route">The name of the route that answered; for a model without routes, its provider's name.</param>
/// <param name="UsageEstimated">Whether the usage was estimated because the provider sent none.</param>
/// <param name="Cost">The call's cost in US dollars, or <see langword="null"/> when the model has no pricing.</param>
public sealed record RoutedCallInfo(string Route, bool UsageEstimated, decimal? Cost)
{
    /// <summary>The key of the route name (a <see cref="string"/>).</summary>
    public const string RouteKey = "modelregistry.route";

    /// <summary>The key of the estimated-usage flag (a <see cref="bool"/>).</summary>
    public const string UsageEstimatedKey = "modelregistry.usage_estimated";

    /// <summary>The key of the model that served the call (a <see cref="string"/>, <c>provider:model</c>), written by a model
    /// with fallback models: its own id, or the id of the fallback that answered. Read it with
    /// <see cref="RoutedCallInfoExtensions.GetServedModel(ChatResponse)"/>.</summary>
    public const string ServedModelKey = "modelregistry.served_model";

    /// <summary>The key of the cost in US dollars (a <see cref="decimal"/>), present only when the model has pricing.</summary>
    public const string CostKey = "modelregistry.cost";

    // One boxed flag each for every response, rather than a box per call.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    internal void WriteTo(AdditionalPropertiesDictionary properties)
    {
        properties[RouteKey] = Route;
        properties[UsageEstimatedKey] = UsageEstimated ? BoxedTrue : BoxedFalse;
        if (Cost is { } cost)
        {
            properties[CostKey] = cost;
        }
        else
        {
            // An inner accounting layer may have priced the call already; the outer one's pricing decides.
            properties.Remove(CostKey);
        }
    }

    internal static RoutedCallInfo? ReadFrom(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(RouteKey, out object? route) && route is string name
            ? new RoutedCallInfo(
                name,
                properties.TryGetValue(UsageEstimatedKey, out object? estimated) && estimated is true,
                properties.TryGetValue(CostKey, out object? cost) && cost is decimal value ? value : null)
            : null;
}

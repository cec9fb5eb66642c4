using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// What routing adds to a response: the route that answered, whether the usage is an estimate, and the call's cost.
/// Stored in <see cref="ChatResponse.AdditionalProperties"/> (and, when streaming, on the update that carries the
/// usage) under <see cref="RouteKey"/>, <see cref="UsageEstimatedKey"/> and <see cref="CostKey"/>; read it with
/// <see cref="RoutedCallInfoExtensions.GetRoutedCallInfo(ChatResponse)"/>.
/// </summary>
/// <param name="Route">The name of the route that answered.</param>
/// <param name="UsageEstimated">Whether the usage was estimated because the provider sent none.</param>
/// <param name="Cost">The call's cost in US dollars, or <see langword="null"/> when the model has no pricing.</param>
public sealed record RoutedCallInfo(string Route, bool UsageEstimated, decimal? Cost)
{
    /// <summary>The key of the route name (a <see cref="string"/>).</summary>
    public const string RouteKey = "modelregistry.route";

    /// <summary>The key of the estimated-usage flag (a <see cref="bool"/>).</summary>
    public const string UsageEstimatedKey = "modelregistry.usage_estimated";

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
    }

    internal static RoutedCallInfo? ReadFrom(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(RouteKey, out object? route) && route is string name
            ? new RoutedCallInfo(
                name,
                properties.TryGetValue(UsageEstimatedKey, out object? estimated) && estimated is true,
                properties.TryGetValue(CostKey, out object? cost) && cost is decimal value ? value : null)
            : null;
}

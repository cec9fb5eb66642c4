namespace ModelRegistry.Gateway;

/// <summary>The usage of one (key, model, route) over the days a report asked for.</summary>
internal sealed record UsageRow(string KeyName, string Model, string Route, UsageFigures Figures);

using System.Globalization;
using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary>
/// <c>GET /admin/usage</c> (behind <c>Gateway:AdminKey</c>): usage and spend per key, per model and per route over a period
/// of UTC days, as JSON — the figures an operator bills from. <c>?period=day|month|total</c> is the current UTC day, the
/// current UTC month (the default) or everything recorded; <c>?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> any span of days, both
/// included. Each figure has its estimated part beside it (calls whose provider sent no usage).
/// </summary>
internal sealed class AdminUsageEndpoint(GatewayKeys keys, IKeyLedger ledger, TimeProvider time)
{
    /// <summary>Answers one <c>GET /admin/usage</c> request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (Span(context.Request.Query, now) is not ({ } first, { } last, { } period))
        {
            await BadQuery.WriteResponseAsync(context);
            return;
        }

        IReadOnlyList<UsageRow> rows = await ledger.GetUsageAsync(first, last, context.RequestAborted);
        List<UsageRow> ordered = [.. rows.OrderBy(r => r.KeyName, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Route, StringComparer.Ordinal)];

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("object", "usage_report");
        if (period.Length > 0)
        {
            writer.WriteString("period", period);
        }
        else
        {
            writer.WriteNull("period");
        }

        if (first == DateOnly.MinValue)
        {
            writer.WriteNull("from");
        }
        else
        {
            writer.WriteString("from", Day(first));
        }

        writer.WriteString("to", Day(last));
        writer.WriteString("generated_at", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

        writer.WritePropertyName("totals");
        WriteFigures(writer, Sum(ordered));

        writer.WriteStartArray("keys");
        IEnumerable<string> names = keys.Named.Select(k => k.Name).Concat(ordered.Select(r => r.KeyName)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (string name in names)
        {
            writer.WriteStartObject();
            WriteKeyName(writer, name);
            WriteFigureFields(writer, Sum(ordered.Where(r => r.KeyName == name)));
            if (keys.Named.FirstOrDefault(k => k.Name == name) is { BudgetUsd: { } budget } key)
            {
                KeySpend spend = await ledger.GetSpendAsync(name, key.BudgetPeriod, now, context.RequestAborted);
                WriteBudget(writer, key, budget, spend, now);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("models");
        foreach (IGrouping<string, UsageRow> model in ordered.GroupBy(r => r.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model.Key);
            WriteFigureFields(writer, Sum(model));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("routes");
        foreach (IGrouping<(string Model, string Route), UsageRow> route in ordered.GroupBy(r => (r.Model, r.Route)).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Route, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("model", route.Key.Model);
            writer.WriteString("route", route.Key.Route);
            WriteFigureFields(writer, Sum(route));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // The finest grain, from which every sum above is made: what a billing system imports.
        writer.WriteStartArray("usage");
        foreach (UsageRow row in ordered)
        {
            writer.WriteStartObject();
            WriteKeyName(writer, row.KeyName);
            writer.WriteString("model", row.Model);
            writer.WriteString("route", row.Route);
            WriteFigureFields(writer, row.Figures);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The days asked for (first, last, and the period's name or "" for from/to), or nulls for a query it cannot read.</summary>
    private static (DateOnly?, DateOnly?, string?) Span(IQueryCollection query, DateTimeOffset now)
    {
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        string? period = query["period"].FirstOrDefault();
        string? from = query["from"].FirstOrDefault();
        string? to = query["to"].FirstOrDefault();
        if (from is null && to is null)
        {
            return (period ?? "month") switch
            {
                "day" => (today, today, "day"),
                "month" => (new DateOnly(today.Year, today.Month, 1), today, "month"),
                "total" => (DateOnly.MinValue, today, "total"),
                _ => (null, null, null),
            };
        }

        if (period is null && ParseDay(from) is { } first && ParseDay(to) is { } last && first <= last)
        {
            return (first, last, "");
        }

        return (null, null, null);
    }

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day) ? day : null;

    private static readonly OpenAIError BadQuery = OpenAIError.BadRequest(
        "Ask for ?period=day, ?period=month (the default) or ?period=total, or for ?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, both included, from not after to); not both.",
        "invalid_period", "period");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static UsageFigures Sum(IEnumerable<UsageRow> rows) => rows.Aggregate(default(UsageFigures), (sum, row) => sum + row.Figures);

    private static void WriteKeyName(Utf8JsonWriter writer, string name)
    {
        // Unrestricted callers (Gateway:ApiKeys, or no keys) have no name.
        if (name == UsageCharge.Unrestricted)
        {
            writer.WriteNull("key");
        }
        else
        {
            writer.WriteString("key", name);
        }
    }

    private static void WriteBudget(Utf8JsonWriter writer, GatewayKey key, decimal budget, KeySpend spend, DateTimeOffset now)
    {
        writer.WriteStartObject("budget");
        writer.WriteNumber("budget_usd", budget);
        writer.WriteString("period", BudgetPeriods.Name(key.BudgetPeriod));
        writer.WriteNumber("spent_usd", spend.CostUsd);
        writer.WriteNumber("estimated_spent_usd", spend.EstimatedCostUsd);
        writer.WriteNumber("remaining_usd", Math.Max(0, budget - spend.CostUsd));
        if (BudgetPeriods.End(key.BudgetPeriod, now) is { } end)
        {
            writer.WriteString("resets_at", end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull("resets_at");
        }

        writer.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter writer, UsageFigures figures)
    {
        writer.WriteStartObject();
        WriteFigureFields(writer, figures);
        writer.WriteEndObject();
    }

    private static void WriteFigureFields(Utf8JsonWriter writer, UsageFigures figures)
    {
        writer.WriteNumber("requests", figures.Requests);
        writer.WriteNumber("input_tokens", figures.InputTokens);
        writer.WriteNumber("output_tokens", figures.OutputTokens);
        writer.WriteNumber("total_tokens", figures.TotalTokens);
        writer.WriteNumber("cost_usd", figures.CostUsd);
        writer.WriteNumber("unpriced_requests", figures.UnpricedRequests);
        writer.WriteStartObject("estimated");
        writer.WriteNumber("requests", figures.EstimatedRequests);
        writer.WriteNumber("input_tokens", figures.EstimatedInputTokens);
        writer.WriteNumber("output_tokens", figures.EstimatedOutputTokens);
        writer.WriteNumber("cost_usd", figures.EstimatedCostUsd);
        writer.WriteEndObject();
    }
}

using System.Globalization;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Gateway;

/// <summary>
/// What a named key may do before its call runs — the models it may call, its budget, its request and token windows — and
/// the <see cref="KeyCall"/> that charges the call afterwards. Every caller's call is charged (an unrestricted one under
/// <see cref="UsageCharge.Unrestricted"/>), so the admin read-out covers all traffic.
/// </summary>
internal sealed class KeyPolicy(IKeyLedger ledger, TimeProvider time, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.Keys");

    /// <summary>Admits a call of <paramref name="key"/> (<see langword="null"/> for an unrestricted caller) to <paramref name="model"/>:
    /// the call to settle once it ends, or the refusal to send instead.</summary>
    public ValueTask<(KeyCall? Call, OpenAIError? Refusal)> AdmitAsync(
        GatewayKey? key, ServedModel model, ChatCompletionRequest request, CancellationToken cancellationToken) =>
        AdmitAsync(key, model, request.Model, null, request, cancellationToken);

    /// <summary>Admits a call whose request was forwarded as bytes: its prompt estimate read from them
    /// (<see cref="ChatRequestHead.InputTokenEstimate"/>, the number the parsed request gives).</summary>
    public ValueTask<(KeyCall? Call, OpenAIError? Refusal)> AdmitAsync(
        GatewayKey? key, ServedModel model, ChatRequestHead head, CancellationToken cancellationToken) =>
        AdmitAsync(key, model, head.Model, head, null, cancellationToken);

    private async ValueTask<(KeyCall? Call, OpenAIError? Refusal)> AdmitAsync(
        GatewayKey? key, ServedModel model, string requestedModel, ChatRequestHead? head, ChatCompletionRequest? request, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return (new KeyCall(this, null, model, grant: null), null);
        }

        if (!key.Allows(model))
        {
            return (null, new OpenAIError(403,
                $"The key '{key.Name}' may not call the model '{requestedModel}'. It may call: {string.Join(", ", key.Models!.Order(StringComparer.Ordinal))}.",
                "invalid_request_error", "model_not_allowed") { Param = "model" });
        }

        DateTimeOffset now = time.GetUtcNow();
        WindowGrant? grant = null;
        try
        {
            if (key.BudgetUsd is { } budget)
            {
                KeySpend spend = await ledger.GetSpendAsync(key.Name, key.BudgetPeriod, now, cancellationToken);
                if (spend.CostUsd >= budget)
                {
                    return (null, BudgetExceeded(key, budget, spend, now));
                }
            }

            // The prompt's estimate is reserved, capped at the limit so that a prompt larger than the limit can still run in
            // an empty window; the real usage replaces it once the call ends. Both windows are taken at once, or neither.
            long reserved = key.TokensPerMinute is null ? 0 : head?.InputTokenEstimate ?? UsageEstimator.EstimateInputTokens(request!.Messages, request.Options);
            WindowLimit[] windows = KeyWindows.For(key, reserved);
            if (windows.Length > 0)
            {
                WindowAdmission admission = await ledger.TryAcquireAsync(windows, cancellationToken);
                if (!admission.Allowed)
                {
                    WindowLimit full = windows[Math.Clamp(admission.FullWindow ?? 0, 0, windows.Length - 1)];
                    return (null, RateLimited(key, KeyWindows.Describe(full), admission.RetryAfter ?? full.LeftAt(now.ToUnixTimeMilliseconds())));
                }

                grant = admission.Grant;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The store answers from process state when Redis is away, so this is a fault of the ledger itself: the call
            // goes on unlimited rather than failing with a 5xx, and the log says so.
            GatewayLog.AdmissionFailed(_logger, key.Name, model.Id, exception.GetType().Name, exception);
        }

        return (new KeyCall(this, key, model, grant), null);
    }

    /// <summary>Charges an answered call and reconciles its token reservation with the real usage; with no usage (the call
    /// failed or was cut short) only gives the reservation back. A ledger failure is logged, never the caller's problem.
    /// The charge of a key with a budget is awaited here, before the answer goes out, so that a budget spent through one
    /// instance refuses the key on its next call anywhere. Any other call's charge is only started (a remote store then
    /// has the command before the answer leaves) and handed back, for the endpoint to await once the answer is sent
    /// (<see cref="KeyCall.ChargedAsync"/>): nothing depends on it before then, and with Redis it is a round trip the
    /// answer need not wait for.</summary>
    internal async ValueTask<Task?> SettleAsync(KeyCall call, UsageDetails? usage, RoutedCallInfo? info, string? servedModel)
    {
        try
        {
            long input = usage?.InputTokenCount ?? 0;
            long output = usage?.OutputTokenCount ?? 0;
            if (call.Grant is { } grant)
            {
                ledger.Reconcile(grant, input + output);
            }

            if (usage is not null)
            {
                // The model that served the call (a fallback model, if it came to that) owns the route that answered.
                ValueTask charge = ledger.ChargeAsync(new UsageCharge(
                    call.Key?.Name ?? UsageCharge.Unrestricted, servedModel ?? call.Model.Id, info?.Route ?? call.Model.Provider.Name, time.GetUtcNow(),
                    input, output, info?.Cost, info?.UsageEstimated ?? false), CancellationToken.None);
                if (call.Key?.BudgetUsd is null && !charge.IsCompleted)
                {
                    return ObserveAsync(call, charge);
                }

                await charge;
            }
        }
        catch (Exception exception)
        {
            ChargeFailed(call, exception);
        }

        return null;
    }

    /// <summary>A charge that is awaited after the answer: its failure is logged like any other (the store answers in process
    /// when Redis is away, and bounds its own wait, so it ends).</summary>
    private async Task ObserveAsync(KeyCall call, ValueTask charge)
    {
        try
        {
            await charge;
        }
        catch (Exception exception)
        {
            ChargeFailed(call, exception);
        }
    }

    private void ChargeFailed(KeyCall call, Exception exception) =>
        GatewayLog.ChargeFailed(_logger, call.Key?.Name ?? "(unrestricted)", call.Model.Id, exception.GetType().Name, exception);

    private static OpenAIError RateLimited(GatewayKey key, string limit, TimeSpan wait)
    {
        return new OpenAIError(429, $"The key '{key.Name}' is over its {limit}; retry after {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s.",
            "rate_limit_error", "rate_limit_exceeded", wait);
    }

    private static OpenAIError BudgetExceeded(GatewayKey key, decimal budget, KeySpend spend, DateTimeOffset now)
    {
        string period = key.BudgetPeriod == BudgetPeriod.Total ? "in total" : $"this {BudgetPeriods.Name(key.BudgetPeriod)} (UTC)";
        string spent = $"The key '{key.Name}' has spent ${spend.CostUsd.ToString(CultureInfo.InvariantCulture)} of its ${budget.ToString(CultureInfo.InvariantCulture)} budget {period}";
        // The budget resets at the end of its period, which is when a retry can succeed; a total budget never resets.
        return BudgetPeriods.End(key.BudgetPeriod, now) is { } end
            ? new OpenAIError(429, $"{spent}; it resets at {end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.",
                "insufficient_quota", "budget_exceeded", end - now)
            : new OpenAIError(429, $"{spent}; it does not reset.", "insufficient_quota", "budget_exceeded");
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Gateway;

/// <summary>
/// What every endpoint that calls an upstream for an admitted key shares around that call: the request's time limit
/// (linked to the client's disconnect), the answers for a call that failed or ran out of time, and the settling of the
/// key's call once it ends, however it ends.
/// </summary>
internal static class UpstreamCallGuard
{
    /// <summary>Sends the key's refusal, or runs <paramref name="send"/> for the admitted call under the request's time
    /// limit. <paramref name="state"/> carries what the call needs, so that the per-request path allocates no closure.</summary>
    /// <remarks>Not an async method: an admission that completed at once (an unrestricted caller, a key whose limits live in
    /// this process) goes straight on to the call, without a layer of its own that every answer would resume through.</remarks>
    public static Task AdmitThenRunAsync<TState>(
        HttpContext context, ServedModel model, ValueTask<(KeyCall? Call, OpenAIError? Refusal)> admission, TimeSpan timeout, ILogger logger,
        TState state, Func<TState, KeyCall, CancellationTokenSource, Task> send) =>
        admission.IsCompletedSuccessfully
            ? RunAdmittedAsync(context, model, admission.Result, timeout, logger, state, send)
            : AwaitAdmissionAsync(context, model, admission, timeout, logger, state, send);

    private static async Task AwaitAdmissionAsync<TState>(
        HttpContext context, ServedModel model, ValueTask<(KeyCall? Call, OpenAIError? Refusal)> admission, TimeSpan timeout, ILogger logger,
        TState state, Func<TState, KeyCall, CancellationTokenSource, Task> send) =>
        await RunAdmittedAsync(context, model, await admission, timeout, logger, state, send);

    private static Task RunAdmittedAsync<TState>(
        HttpContext context, ServedModel model, (KeyCall? Call, OpenAIError? Refusal) admitted, TimeSpan timeout, ILogger logger,
        TState state, Func<TState, KeyCall, CancellationTokenSource, Task> send) =>
        admitted.Call is { } call ? RunAsync(context, model, call, timeout, logger, state, send) : admitted.Refusal!.WriteResponseAsync(context);

    private static async Task RunAsync<TState>(
        HttpContext context, ServedModel model, KeyCall call, TimeSpan timeout, ILogger logger,
        TState state, Func<TState, KeyCall, CancellationTokenSource, Task> send)
    {
        // Client disconnect cancels the upstream call; so does the gateway's own time limit.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        limit.CancelAfter(timeout);
        try
        {
            await send(state, call, limit);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the upstream call was cancelled with it and there is no one to answer.
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && context.Response.HasStarted)
        {
            // The time limit ran out while the answer was being sent (the client stopped reading): there is no way left
            // to tell it, so the connection is dropped rather than left to finish at the client's pace.
            context.Abort();
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !context.Response.HasStarted)
        {
            await OpenAIError.FromException(new TimeoutException()).WriteResponseAsync(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && exception is not OperationCanceledException)
        {
            GatewayLog.RequestFailed(logger, model.Id, exception.GetType().Name, exception);
            await OpenAIError.FromException(exception).WriteResponseAsync(context);
        }
        finally
        {
            // A call that ended without usage (failed, cut short) gives its token reservation back; an answered one is settled already.
            await call.SettleAsync(null, null);
            if (call.IsCharging)
            {
                // The charge is on its way to the store (a call without a budget): the answer ends when the handler
                // returns, without waiting for that round trip, and the request ends once the charge is counted.
                context.Response.OnCompleted(static charged => (Task)charged, call.ChargedAsync());
            }
        }
    }
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Routing;

public sealed class RateLimitTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello there")];

    [Fact]
    public async Task Requests_beyond_the_limit_wait_in_order_and_a_full_queue_is_refused_with_retry_after()
    {
        var upstream = new ScriptedChatClient("up");
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [new ChatRoute { Name = "up", Client = upstream, RequestsPerMinute = 2 }],
            Offload = false,
            QueueLimit = 1,
        });

        await client.GetResponseAsync(Hello);
        await client.GetResponseAsync(Hello);
        using var cancel = new CancellationTokenSource();
        Task<ChatResponse> queued = client.GetResponseAsync(Hello, cancellationToken: cancel.Token);
        await Task.Delay(50);
        Assert.False(queued.IsCompleted);

        RateLimitExceededException refused = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(Hello));
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(refused.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(2, upstream.Calls);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
    }

    [Fact]
    public async Task Token_budget_reserves_then_reconciles_with_real_usage()
    {
        var time = new ManualTimeProvider();
        using var limiter = new TokenBudgetRateLimiter(1000, TimeSpan.FromMinutes(1), queueLimit: 4, time);

        var first = (TokenBudgetLease)await limiter.AcquireAsync(800);
        Assert.True(first.IsAcquired);
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync(500);
        Assert.False(waiting.IsCompleted);

        // The call used only 300 tokens: 500 come back, enough for the waiting call.
        first.Reconcile(300);
        RateLimitLease second = await waiting;
        Assert.True(second.IsAcquired);
        Assert.Equal(800, limiter.Used);
    }

    [Fact]
    public async Task Token_budget_refills_each_window_and_refuses_when_its_queue_is_full()
    {
        var time = new ManualTimeProvider();
        using var limiter = new TokenBudgetRateLimiter(1000, TimeSpan.FromMinutes(1), queueLimit: 1, time);

        Assert.True((await limiter.AcquireAsync(1000)).IsAcquired);
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync(10);
        RateLimitLease refused = await limiter.AcquireAsync(10);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await waiting).IsAcquired);
    }
}

using System.ClientModel;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The key ledger over the in-process store (the Redis store runs the same operations: SharedKeysTests), and a
/// ledger that fails never reaching a caller.</summary>
public sealed class KeyLedgerTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Money_adds_up_exactly_in_picodollars_over_many_charges()
    {
        var ledger = new KeyLedger(new InProcessRoutingStateStore(new ManualTimeProvider(Noon)));

        // 0.1 + 0.2 is not 0.3 in floating point; ten thousand charges of a tenth of a micro-dollar would drift further.
        for (int i = 0; i < 10_000; i++)
        {
            await ledger.ChargeAsync(new UsageCharge("team", "local:assistant", "vllm", Noon, 1, 2, 0.0000001m, Estimated: i % 2 == 0), CancellationToken.None);
        }

        KeySpend total = await ledger.GetSpendAsync("team", BudgetPeriod.Total, Noon, CancellationToken.None);
        KeySpend month = await ledger.GetSpendAsync("team", BudgetPeriod.Month, Noon.AddDays(10), CancellationToken.None);
        KeySpend nextMonth = await ledger.GetSpendAsync("team", BudgetPeriod.Month, Noon.AddMonths(1), CancellationToken.None);
        Assert.Equal(0.001m, total.CostUsd);
        Assert.Equal(0.0005m, total.EstimatedCostUsd);
        Assert.Equal("0.001", total.CostUsd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.001m, month.CostUsd);
        Assert.Equal(0m, nextMonth.CostUsd);
    }

    [Fact]
    public async Task Usage_rows_come_back_per_key_model_and_route_over_the_days_asked()
    {
        var ledger = new KeyLedger(new InProcessRoutingStateStore(new ManualTimeProvider(Noon)));
        await ledger.ChargeAsync(new UsageCharge("team", "openrouter:deepseek/deepseek-r1", "openrouter", Noon, 10, 20, 0.5m, false), CancellationToken.None);
        await ledger.ChargeAsync(new UsageCharge("team", "openrouter:deepseek/deepseek-r1", "openrouter", Noon, 1, 2, null, true), CancellationToken.None);
        await ledger.ChargeAsync(new UsageCharge(UsageCharge.Unrestricted, "openrouter:deepseek/deepseek-r1", "openrouter", Noon, 5, 5, 0.25m, false), CancellationToken.None);
        await ledger.ChargeAsync(new UsageCharge("team", "local:echo", "local", Noon.AddDays(-1), 3, 3, null, false), CancellationToken.None);

        IReadOnlyList<UsageRow> today = await ledger.GetUsageAsync(new DateOnly(2025, 6, 15), new DateOnly(2025, 6, 15), CancellationToken.None);
        IReadOnlyList<UsageRow> both = await ledger.GetUsageAsync(new DateOnly(2025, 6, 14), new DateOnly(2025, 6, 15), CancellationToken.None);

        Assert.Equal(2, today.Count);
        UsageRow team = Assert.Single(today, r => r.KeyName == "team");
        Assert.Equal(("openrouter:deepseek/deepseek-r1", "openrouter"), (team.Model, team.Route));
        Assert.Equal(new UsageFigures(2, 11, 22, 0.5m, 1, 1, 1, 2, 0m), team.Figures);
        Assert.Equal(0.25m, Assert.Single(today, r => r.KeyName == UsageCharge.Unrestricted).Figures.CostUsd);
        Assert.Equal(3, both.Count);
        Assert.Equal(6, Assert.Single(both, r => r.Model == "local:echo").Figures.TotalTokens);
    }

    [Fact]
    public async Task A_ledger_that_fails_leaves_a_named_keys_calls_answered_and_logs_it()
    {
        var logs = new CapturingLoggerProvider();
        using var gateway = new GatewayHost(null,
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:RequestsPerMinute", "1"), ("Gateway:Keys:team:BudgetUsd", "1"))
        {
            Logs = logs,
            ConfigureServices = services => services.AddSingleton<IKeyLedger>(new FailingLedger()),
        };

        ChatCompletion first = await gateway.Chat("local:echo", "sk-team").CompleteChatAsync([new UserChatMessage("one")]);
        ChatCompletion second = await gateway.Chat("local:echo", "sk-team").CompleteChatAsync([new UserChatMessage("two")]);

        Assert.Equal("Offline model echo heard: two", second.Content[0].Text);
        Assert.Equal("Offline model echo heard: one", first.Content[0].Text);
        Assert.Contains(logs.Lines, line => line.Contains("could not be checked", StringComparison.Ordinal) && line.Contains("team", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("could not be charged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unbudgeted_calls_charge_is_awaited_after_its_answer_and_a_budgeted_keys_before_it()
    {
        var ledger = new HeldChargeLedger(new KeyLedger(new InProcessRoutingStateStore(TimeProvider.System)));
        using var gateway = new GatewayHost(null, ("Gateway:ApiKeys", "sk-open"), ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:BudgetUsd", "1"))
        {
            ConfigureServices = services => services.AddSingleton<IKeyLedger>(ledger),
        };

        // An unrestricted caller (no budget can refuse it): the whole answer, streamed or not, arrives while its charge waits.
        ChatCompletion answered = await gateway.Chat("local:echo", "sk-open").CompleteChatAsync([new UserChatMessage("one")]).WaitAsync(TimeSpan.FromSeconds(30));
        var streamed = new System.Text.StringBuilder();
        await foreach (StreamingChatCompletionUpdate update in gateway.Chat("local:echo", "sk-open").CompleteChatStreamingAsync([new UserChatMessage("two")]).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal("Offline model echo heard: one", answered.Content[0].Text);
        Assert.Equal("Offline model echo heard: two", streamed.ToString());
        Assert.Equal(2, ledger.Held);
        Assert.Equal(0, ledger.Charged);
        ledger.Release();

        // A key with a budget: its spend must be in the store before the answer, for the key's next call anywhere to see it.
        Task<ClientResult<ChatCompletion>> budgeted = gateway.Chat("local:echo", "sk-team").CompleteChatAsync([new UserChatMessage("three")]);
        await ledger.WaitHeldAsync(3);
        await Task.Delay(300);
        bool answeredBeforeItsCharge = budgeted.IsCompleted;
        ledger.Release();
        ChatCompletion budgetedAnswer = await budgeted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(answeredBeforeItsCharge);
        Assert.Equal("Offline model echo heard: three", budgetedAnswer.Content[0].Text);
        IReadOnlyList<UsageRow> rows = await WaitForRowsAsync(ledger, requests: 3);
        Assert.Equal(2, Assert.Single(rows, r => r.KeyName == UsageCharge.Unrestricted).Figures.Requests);
        Assert.Equal(1, Assert.Single(rows, r => r.KeyName == "team").Figures.Requests);
    }

    private static async Task<IReadOnlyList<UsageRow>> WaitForRowsAsync(IKeyLedger ledger, int requests)
    {
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            IReadOnlyList<UsageRow> rows = await ledger.GetUsageAsync(today.AddDays(-1), today, CancellationToken.None);
            if (rows.Sum(r => r.Figures.Requests) == requests || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A ledger whose charges wait until the test releases them (as a slow store's round trip would), counting how
    /// many are held and how many reached the store.</summary>
    private sealed class HeldChargeLedger(IKeyLedger inner) : IKeyLedger
    {
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;
        private int _charged;

        public int Held => Volatile.Read(ref _held);

        public int Charged => Volatile.Read(ref _charged);

        /// <summary>Lets every held charge through; later charges are held again.</summary>
        public void Release() => Interlocked.Exchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();

        public async Task WaitHeldAsync(int count)
        {
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Held < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.Equal(count, Held);
        }

        public ValueTask<WindowAdmission> TryAcquireAsync(WindowLimit[] windows, CancellationToken cancellationToken) => inner.TryAcquireAsync(windows, cancellationToken);

        public void Reconcile(WindowGrant grant, long actualTokens) => inner.Reconcile(grant, actualTokens);

        public async ValueTask ChargeAsync(UsageCharge charge, CancellationToken cancellationToken)
        {
            Task gate = Volatile.Read(ref _gate).Task;
            Interlocked.Increment(ref _held);
            await gate;
            await inner.ChargeAsync(charge, cancellationToken);
            Interlocked.Increment(ref _charged);
        }

        public ValueTask<KeySpend> GetSpendAsync(string keyName, BudgetPeriod period, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.GetSpendAsync(keyName, period, at, cancellationToken);

        public ValueTask<IReadOnlyList<UsageRow>> GetUsageAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken) =>
            inner.GetUsageAsync(firstDay, lastDay, cancellationToken);
    }

    /// <summary>A ledger whose every operation fails, as a broken store would.</summary>
    private sealed class FailingLedger : IKeyLedger
    {
        public ValueTask<WindowAdmission> TryAcquireAsync(WindowLimit[] windows, CancellationToken cancellationToken) => throw new InvalidOperationException("windows");

        public void Reconcile(WindowGrant grant, long actualTokens) => throw new InvalidOperationException("reconcile");

        public ValueTask ChargeAsync(UsageCharge charge, CancellationToken cancellationToken) => throw new InvalidOperationException("charge");

        public ValueTask<KeySpend> GetSpendAsync(string keyName, BudgetPeriod period, DateTimeOffset at, CancellationToken cancellationToken) => throw new InvalidOperationException("spend");

        public ValueTask<IReadOnlyList<UsageRow>> GetUsageAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken) => throw new InvalidOperationException("usage");
    }
}

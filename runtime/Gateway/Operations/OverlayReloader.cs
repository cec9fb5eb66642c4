using Microsoft.Extensions.Hosting;

namespace ModelRegistry.Gateway;

/// <summary>
/// Applies edits of the overlay file without a restart (<see cref="GatewayOptions.OverlayReloadEnabled"/>): a file
/// watcher on its folder wakes it (an editor that saves by renaming a temporary file over it counts too), a burst of
/// notifications is let settle for <see cref="Debounce"/>, and the file is read again every
/// <see cref="GatewayOptions.OverlayPollInterval"/> anyway, since bind mounts and network shares often send none.
/// <see cref="ModelCatalog.ReloadOverlay"/> then applies or rejects what it finds. One loop, one pending wake-up at most;
/// it stops and releases the watcher with the host.
/// </summary>
internal sealed class OverlayReloader(ModelCatalog catalog, GatewayOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>How long the file must stay quiet after a notification before it is read: one save is often several writes.</summary>
    internal static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.OverlayReloader");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.OverlayReloadEnabled || catalog.OverlayFile is not { } path)
        {
            return;
        }

        using var changed = new SemaphoreSlim(0, 1);
        using FileSystemWatcher? watcher = Watch(path, changed);
        try
        {
            while (true)
            {
                if (await changed.WaitAsync(options.OverlayPollInterval, stoppingToken))
                {
                    while (await changed.WaitAsync(Debounce, stoppingToken))
                    {
                        // Still being written: wait for quiet.
                    }
                }

                try
                {
                    catalog.ReloadOverlay();
                    catalog.DisposeRetired();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Whatever went wrong, the running models stay and the next change or poll tries again.
                    GatewayLog.OverlayReloadFailed(_logger, path, exception.GetType().Name, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>A watcher that releases <paramref name="changed"/> on any change to the file, or <see langword="null"/>
    /// when the folder cannot be watched (polling alone then).</summary>
    private FileSystemWatcher? Watch(string path, SemaphoreSlim changed)
    {
        string full = Path.GetFullPath(path);
        void Signal()
        {
            // At most one wake-up is pending: the loop reads the file once for any number of notifications.
            if (changed.CurrentCount == 0)
            {
                try
                {
                    changed.Release();
                }
                catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
                {
                    // Another notification released it first, or the host stopped while this one was on its way.
                }
            }
        }

        try
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, _) => Signal();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            GatewayLog.OverlayNotWatched(_logger, path, exception.Message, options.OverlayPollInterval.TotalSeconds);
            return null;
        }
    }
}

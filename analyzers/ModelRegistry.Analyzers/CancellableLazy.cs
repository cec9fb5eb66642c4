using System;
using System.Threading;

namespace ModelRegistry.Analyzers;

/// <summary>
/// A value computed once, by the first caller, under that caller's cancellation token. Unlike <see cref="Lazy{T}"/>, a
/// cancelled computation is not cached: the next caller computes it again (an IDE cancels analyses all the time, and a
/// cached <see cref="OperationCanceledException"/> would fail every later analysis of the same compilation).
/// </summary>
internal sealed class CancellableLazy<T>
{
    private readonly Func<CancellationToken, T> _create;
    private readonly object _gate = new();
    private bool _created;
    private T _value = default!;

    public CancellableLazy(Func<CancellationToken, T> create) => _create = create;

    public T GetValue(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_created)
            {
                _value = _create(cancellationToken);
                _created = true;
            }

            return _value;
        }
    }
}

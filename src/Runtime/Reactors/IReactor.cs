namespace Torsion;

/// <summary>
/// Everything every Torsion reactor offers: the core loop, time and threads. Readiness reactors
/// also implement <see cref="IReactorFDSet"/>. Depend on the smallest interface you need.
/// </summary>
public interface IReactor : IReactorCore, IReactorTime, IReactorThreads, IReactorTcp
{
}

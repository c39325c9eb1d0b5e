using System;

namespace Torsion.Tests.Reactors;

[CollectionDefinition("global reactor", DisableParallelization = true)]
public class GlobalReactorCollection
{
}

[Collection("global reactor")]
public class GlobalReactorTests : IDisposable
{
    public GlobalReactorTests() => Reactor.ResetForTests();

    public void Dispose() => Reactor.ResetForTests();

    [Fact]
    public void The_first_use_installs_the_platform_default_epoll_on_Linux()
    {
        Assert.False(Reactor.IsInstalled);
        var reactor = Reactor.Instance;
        Assert.IsType<EpollReactor>(reactor);
        Assert.Same(reactor, Reactor.Instance);
        ((IDisposable)reactor).Dispose();
    }

    [Fact]
    public void Installing_by_hand_first_makes_that_reactor_the_global_one()
    {
        using var reactor = SelectReactor.Install();
        Assert.Same(reactor, Reactor.Instance);
    }

    [Fact]
    public void Installing_after_first_use_throws_ReactorAlreadyInstalled()
    {
        using var used = (ReactorBase)Reactor.Instance;
        var error = Assert.Throws<ReactorAlreadyInstalledException>(() => SelectReactor.Install());
        Assert.Equal("reactor already installed", error.Message);
        using var other = new PollReactor();
        Assert.Throws<ReactorAlreadyInstalledException>(() => Reactor.Install(other));
        Assert.Same(used, Reactor.Instance);
    }

    [Fact]
    public void Installing_twice_throws_ReactorAlreadyInstalled()
    {
        using var first = PollReactor.Install();
        Assert.Throws<ReactorAlreadyInstalledException>(() => EpollReactor.Install());
        Assert.Throws<ArgumentNullException>(() => Reactor.Install(null!));
    }
}

namespace Torsion.Analyzers;

/// <summary>The IDs of Torsion's analyzer diagnostics (TRS2xxx; the generator's are TRS1xx).</summary>
internal static class DiagnosticIds
{
    /// <summary>A blocking call in code that runs on the reactor thread.</summary>
    public const string BlockingCallOnReactor = "TRS2001";

    /// <summary>An [InlineCallbacks] iterator called directly, so that nothing runs.</summary>
    public const string IteratorCalledDirectly = "TRS2002";

    /// <summary>A typed Deferred handle used after a type-changing callback retired it.</summary>
    public const string RetiredHandleUsed = "TRS2003";

    /// <summary>An [InlineCallbacks] or async Deferred method whose result is itself a Deferred.</summary>
    public const string DeferredResultIsDeferred = "TRS2004";

    /// <summary>.Result of a Deferred read in an [InlineCallbacks] body before it was yielded.</summary>
    public const string ResultBeforeYield = "TRS2005";

    /// <summary>A Deferred created in an [InlineCallbacks] body, yielded, and never fired.</summary>
    public const string YieldedDeferredNeverFired = "TRS2006";

    /// <summary>BlockingCallFromThread called on the reactor thread.</summary>
    public const string BlockingCallFromThreadOnReactor = "TRS2007";

    /// <summary>yield return inside a try block with a catch clause, in an [InlineCallbacks] method (beside CS1626).</summary>
    public const string YieldInsideTryCatch = "TRS2008";

    /// <summary>The suppression of CS4014 for Torsion's chain-building methods.</summary>
    public const string ChainCallNotAwaitedSuppression = "TRS2009";

    /// <summary>The suppression of VSTHRD110 for Torsion's chain-building methods.</summary>
    public const string ChainCallNotAwaitedVsThreadingSuppression = "TRS2010";

    /// <summary>The suppression of MA0134 for Torsion's chain-building methods.</summary>
    public const string ChainCallNotAwaitedMeziantouSuppression = "TRS2011";
}

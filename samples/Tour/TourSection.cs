using System;

namespace Torsion.Samples.Tour;

/// <summary>One example of the tutorial, runnable on its own with <c>--section Id</c>.</summary>
/// <param name="Id">The name used on the command line, e.g. <c>defer-chain</c>.</param>
/// <param name="Title">The tutorial's heading, e.g. <c>三.4 回调链</c>.</param>
/// <param name="Run">Runs the example; returns the process exit code.</param>
public sealed record TourSection(string Id, string Title, Func<TourOptions, int> Run);

using System.Collections.Generic;

namespace Torsion.Endpoints;

/// <summary>
/// An endpoint string split by Twisted's grammar (see <see cref="EndpointStrings.Parse"/>): the
/// positional arguments (the first is the endpoint type) and the keyword arguments.
/// </summary>
/// <param name="Arguments">The ':'-separated parts without an '=', in order; the first is the type.</param>
/// <param name="Keywords">The parts of the form <c>name=value</c>; a later one replaces an earlier one of the same name.</param>
public sealed record EndpointDescription(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Keywords);

namespace Torsion;

/// <summary>A factory for listening ports (Twisted's <c>ServerFactory</c>): a <see cref="Factory"/> by another name, for intent.</summary>
public class ServerFactory : Factory
{
}

using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace GoModules.Tests.Layering;

/// <summary>
/// Reads a compiled assembly with System.Reflection.Metadata and lists, for every type defined in it, the other
/// types of the same assembly it refers to: base type, interfaces, generic constraints, field, method and local
/// signatures, attributes, and every type, method or field token in the IL of its method bodies. A nested type
/// (including the closures and state machines the compiler generates) counts as its outermost declaring type.
/// </summary>
internal sealed class TypeDependencyReader
{
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private readonly MetadataReader _reader;
    private readonly PEReader _pe;

    private TypeDependencyReader(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
    }

    /// <summary>One reference from a type to another, both named by their outermost type's full name.</summary>
    public readonly record struct Reference(string FromNamespace, string FromType, string ToNamespace, string ToType);

    /// <summary>Every distinct reference between two different outermost types defined in the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<Reference> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return new TypeDependencyReader(pe).ReadAll();
    }

    private List<Reference> ReadAll()
    {
        var result = new HashSet<Reference>();
        foreach (var handle in _reader.TypeDefinitions)
        {
            var from = Outermost(handle);
            var targets = new HashSet<TypeDefinitionHandle>();
            CollectFromType(handle, targets);
            foreach (var target in targets)
            {
                var to = Outermost(target);
                if (to == from)
                {
                    continue;
                }

                var (fromNs, fromName) = Name(from);
                var (toNs, toName) = Name(to);
                result.Add(new Reference(fromNs, fromName, toNs, toName));
            }
        }

        return [.. result];
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        while (true)
        {
            var declaring = _reader.GetTypeDefinition(handle).GetDeclaringType();
            if (declaring.IsNil)
            {
                return handle;
            }

            handle = declaring;
        }
    }

    private (string Namespace, string Name) Name(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var ns = _reader.GetString(type.Namespace);
        var name = _reader.GetString(type.Name);
        return (ns, ns.Length == 0 ? name : ns + "." + name);
    }

    private void CollectFromType(TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> targets)
    {
        var type = _reader.GetTypeDefinition(handle);
        var provider = new Collector(targets);
        CollectEntity(type.BaseType, targets, provider);
        foreach (var i in type.GetInterfaceImplementations())
        {
            CollectEntity(_reader.GetInterfaceImplementation(i).Interface, targets, provider);
        }

        CollectGenericParameters(type.GetGenericParameters(), targets, provider);
        CollectAttributes(type.GetCustomAttributes(), targets, provider);
        foreach (var f in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(f);
            field.DecodeSignature(provider, null);
            CollectAttributes(field.GetCustomAttributes(), targets, provider);
        }

        foreach (var p in type.GetProperties())
        {
            CollectAttributes(_reader.GetPropertyDefinition(p).GetCustomAttributes(), targets, provider);
        }

        foreach (var m in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(m);
            method.DecodeSignature(provider, null);
            CollectGenericParameters(method.GetGenericParameters(), targets, provider);
            CollectAttributes(method.GetCustomAttributes(), targets, provider);
            foreach (var p in method.GetParameters())
            {
                CollectAttributes(_reader.GetParameter(p).GetCustomAttributes(), targets, provider);
            }

            if (method.RelativeVirtualAddress != 0)
            {
                CollectBody(_pe.GetMethodBody(method.RelativeVirtualAddress), targets, provider);
            }
        }
    }

    private void CollectGenericParameters(GenericParameterHandleCollection parameters, HashSet<TypeDefinitionHandle> targets, Collector provider)
    {
        foreach (var gp in parameters)
        {
            foreach (var c in _reader.GetGenericParameter(gp).GetConstraints())
            {
                CollectEntity(_reader.GetGenericParameterConstraint(c).Type, targets, provider);
            }
        }
    }

    private void CollectAttributes(CustomAttributeHandleCollection attributes, HashSet<TypeDefinitionHandle> targets, Collector provider)
    {
        foreach (var a in attributes)
        {
            CollectEntity(_reader.GetCustomAttribute(a).Constructor, targets, provider);
        }
    }

    private void CollectBody(MethodBodyBlock body, HashSet<TypeDefinitionHandle> targets, Collector provider)
    {
        if (!body.LocalSignature.IsNil)
        {
            _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il.ReadByte());
            }

            switch (OperandTypes[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    var targetCount = il.ReadInt32(); // read before Offset: `Offset += 4 * ReadInt32()` would lose the count's bytes
                    il.Offset += 4 * targetCount;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    CollectEntity(MetadataTokens.EntityHandle(il.ReadInt32()), targets, provider);
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }
    }

    private void CollectEntity(EntityHandle handle, HashSet<TypeDefinitionHandle> targets, Collector provider)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                targets.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
                break;
            case HandleKind.MethodDefinition:
                var method = _reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                targets.Add(method.GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                targets.Add(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                CollectEntity(member.Parent, targets, provider);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }

                break;
            case HandleKind.MethodSpecification:
                var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                CollectEntity(spec.Method, targets, provider);
                spec.DecodeSignature(provider, null);
                break;
            default:
                break;
        }
    }

    /// <summary>A signature "decoder" whose only effect is to note every type of this assembly a signature names.</summary>
    private sealed class Collector(HashSet<TypeDefinitionHandle> targets) : ISignatureTypeProvider<int, object?>
    {
        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            targets.Add(handle);
            return 0;
        }

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
            => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
    }
}

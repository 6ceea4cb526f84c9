using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace SpanNet.Tests.PublicApi;

/// <summary>
/// A stable text listing of an assembly's public surface, built by reflection: every public or
/// protected type and member, one per line, C#-like, with full type names (C# keywords for the
/// built-in types), modifiers (static/abstract/virtual/override/sealed/readonly/const), parameter
/// modifiers (this/in/ref/out/params) and default values, generic constraints and variance, base
/// types and implemented interfaces, enum values and constant values. Nullable annotations of
/// reference types are not shown. Lines are ordered by type, then member kind, then text.
/// </summary>
internal static class PublicApiListing
{
    public static IReadOnlyList<string> Build(Assembly assembly)
    {
        var entries = new List<(string Type, int Kind, string Name, string Line)>();
        foreach (Type type in assembly.GetTypes().Where(IsVisible))
        {
            string typeName = TypeName(type);
            entries.Add((typeName, 0, "", TypeLine(type)));
            if (IsDelegate(type))
            {
                continue; // the signature is the type line
            }

            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            if (type.IsEnum)
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                {
                    object value = Convert.ChangeType(field.GetRawConstantValue()!, Enum.GetUnderlyingType(type), CultureInfo.InvariantCulture);
                    entries.Add((typeName, 1, field.Name, $"{typeName}.{field.Name} = {Literal(value)}"));
                }

                continue;
            }

            foreach (FieldInfo field in type.GetFields(all).Where(f => IsVisible(f.IsPublic, f.IsFamily, f.IsFamilyOrAssembly)))
            {
                entries.Add((typeName, 1, field.Name, FieldLine(typeName, field)));
            }

            foreach (ConstructorInfo constructor in type.GetConstructors(all).Where(c => IsVisible(c.IsPublic, c.IsFamily, c.IsFamilyOrAssembly)))
            {
                entries.Add((typeName, 2, "", $"{Access(constructor)}{(constructor.IsStatic ? "static " : "")}{typeName}({Parameters(constructor.GetParameters(), extension: false)})"));
            }

            var accessors = new HashSet<MethodInfo>();
            foreach (PropertyInfo property in type.GetProperties(all))
            {
                MethodInfo? get = Visible(property.GetMethod);
                MethodInfo? set = Visible(property.SetMethod);
                accessors.UnionWith(property.GetAccessors(nonPublic: true));
                if (get is null && set is null)
                {
                    continue;
                }

                entries.Add((typeName, 3, property.Name, PropertyLine(typeName, property, get, set)));
            }

            foreach (EventInfo @event in type.GetEvents(all))
            {
                MethodInfo? add = Visible(@event.AddMethod);
                accessors.UnionWith(new[] { @event.AddMethod, @event.RemoveMethod, @event.RaiseMethod }.OfType<MethodInfo>());
                if (add is not null)
                {
                    entries.Add((typeName, 4, @event.Name, $"{Access(add)}{MethodModifiers(add, type)}event {TypeName(@event.EventHandlerType!)} {typeName}.{@event.Name}"));
                }
            }

            foreach (MethodInfo method in type.GetMethods(all).Where(m => !accessors.Contains(m) && IsVisible(m.IsPublic, m.IsFamily, m.IsFamilyOrAssembly)))
            {
                entries.Add((typeName, 5, method.Name, MethodLine(typeName, method, type)));
            }
        }

        return [.. entries
            .OrderBy(e => e.Type, StringComparer.Ordinal)
            .ThenBy(e => e.Kind)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Line, StringComparer.Ordinal)
            .Select(e => e.Line)
            .Distinct()];
    }

    private static bool IsVisible(Type type) =>
        type.IsPublic || ((type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!));

    private static bool IsVisible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || isFamily || isFamilyOrAssembly;

    private static MethodInfo? Visible(MethodInfo? accessor) =>
        accessor is not null && IsVisible(accessor.IsPublic, accessor.IsFamily, accessor.IsFamilyOrAssembly) ? accessor : null;

    private static bool IsDelegate(Type type) => type.IsSubclassOf(typeof(MulticastDelegate));

    private static string Access(MethodBase method) => method.IsPublic ? "public " : method.IsFamilyOrAssembly ? "protected internal " : "protected ";

    private static string Access(FieldInfo field) => field.IsPublic ? "public " : field.IsFamilyOrAssembly ? "protected internal " : "protected ";

    private static string TypeLine(Type type)
    {
        var line = new StringBuilder(type.IsPublic || type.IsNestedPublic ? "public " : type.IsNestedFamORAssem ? "protected internal " : "protected ");
        string name = TypeName(type, declaration: true);
        if (IsDelegate(type))
        {
            MethodInfo invoke = type.GetMethod("Invoke")!;
            line.Append("delegate ").Append(ReturnTypeName(invoke)).Append(' ').Append(name)
                .Append('(').Append(Parameters(invoke.GetParameters(), extension: false)).Append(')')
                .Append(Constraints(type.GetGenericArguments()));
            return line.ToString();
        }

        if (type.IsEnum)
        {
            return line.Append(type.IsDefined(typeof(FlagsAttribute), false) ? "[Flags] " : "")
                .Append("enum ").Append(name).Append(" : ").Append(TypeName(Enum.GetUnderlyingType(type))).ToString();
        }

        var bases = new List<string>();
        if (type.IsInterface)
        {
            line.Append("interface ");
        }
        else if (type.IsValueType)
        {
            line.Append(type.IsDefined(typeof(IsReadOnlyAttribute), false) ? "readonly " : "")
                .Append(type.IsByRefLike ? "ref " : "")
                .Append(IsRecord(type) ? "record struct " : "struct ");
        }
        else
        {
            line.Append(type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "")
                .Append(IsRecord(type) ? "record " : "class ");
            if (type.BaseType is { } baseType && baseType != typeof(object))
            {
                bases.Add(TypeName(baseType));
            }
        }

        bases.AddRange(type.GetInterfaces().Where(i => IsVisible(i) || i.Assembly != type.Assembly).Select(i => TypeName(i)).Order(StringComparer.Ordinal));
        line.Append(name);
        if (bases.Count > 0)
        {
            line.Append(" : ").AppendJoin(", ", bases);
        }

        return line.Append(Constraints(type.GetGenericArguments())).ToString();
    }

    /// <summary>Records: classes have the compiler's EqualityContract property, record structs its PrintMembers method.</summary>
    private static bool IsRecord(Type type) =>
        type.IsValueType
            ? type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(StringBuilder)]) is { } print && print.IsDefined(typeof(CompilerGeneratedAttribute), false)
            : type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly) is { } contract && contract.GetMethod!.IsDefined(typeof(CompilerGeneratedAttribute), false);

    private static string FieldLine(string typeName, FieldInfo field)
    {
        string type = TypeName(field.FieldType, names: TupleNames(field.GetCustomAttribute<TupleElementNamesAttribute>()));
        if (field.IsLiteral)
        {
            return $"{Access(field)}const {type} {typeName}.{field.Name} = {Literal(field.GetRawConstantValue())}";
        }

        string modifiers = (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "");
        return $"{Access(field)}{modifiers}{type} {typeName}.{field.Name}";
    }

    private static string PropertyLine(string typeName, PropertyInfo property, MethodInfo? get, MethodInfo? set)
    {
        MethodInfo main = get ?? set!;
        string access = Access(main);
        string required = property.IsDefined(typeof(RequiredMemberAttribute), false) ? "required " : "";
        string type = get is not null ? ReturnTypeName(get) : TypeName(property.PropertyType, names: TupleNames(property.GetCustomAttribute<TupleElementNamesAttribute>()));
        ParameterInfo[] index = property.GetIndexParameters();
        string name = index.Length == 0 ? $"{typeName}.{property.Name}" : $"{typeName}.this[{Parameters(index, extension: false)}]";

        var accessorList = new StringBuilder();
        foreach (MethodInfo accessor in new[] { get, set }.OfType<MethodInfo>())
        {
            string own = Access(accessor) == access ? "" : Access(accessor);
            string keyword = accessor == get ? "get"
                : accessor.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? "init" : "set";
            accessorList.Append(' ').Append(own).Append(keyword).Append(';');
        }

        return $"{access}{required}{MethodModifiers(main, property.DeclaringType!)}{type} {name} {{{accessorList} }}";
    }

    private static string MethodLine(string typeName, MethodInfo method, Type declaringType)
    {
        bool extension = method.IsDefined(typeof(ExtensionAttribute), false);
        string generics = method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(GenericParameterName))}>" : "";
        return $"{Access(method)}{MethodModifiers(method, declaringType)}{ReturnTypeName(method)} {typeName}.{method.Name}{generics}({Parameters(method.GetParameters(), extension)})"
            + Constraints(method.GetGenericArguments());
    }

    private static string MethodModifiers(MethodInfo method, Type declaringType)
    {
        var modifiers = new StringBuilder();
        if (method.IsStatic)
        {
            modifiers.Append("static ");
        }

        bool isOverride = method.IsVirtual && method.GetBaseDefinition().DeclaringType != method.DeclaringType;
        if (method.IsAbstract)
        {
            modifiers.Append(isOverride ? "abstract override " : "abstract ");
        }
        else if (isOverride)
        {
            modifiers.Append(method.IsFinal ? "sealed override " : "override ");
        }
        else if (method.IsVirtual && !method.IsFinal && !declaringType.IsInterface)
        {
            modifiers.Append("virtual ");
        }

        if (method.IsDefined(typeof(IsReadOnlyAttribute), false) && !declaringType.IsDefined(typeof(IsReadOnlyAttribute), false))
        {
            modifiers.Append("readonly ");
        }

        return modifiers.ToString();
    }

    private static string ReturnTypeName(MethodInfo method)
    {
        ParameterInfo ret = method.ReturnParameter;
        if (!ret.ParameterType.IsByRef)
        {
            return TypeName(ret.ParameterType, names: TupleNames(ret));
        }

        bool readOnly = ret.IsDefined(typeof(IsReadOnlyAttribute), false)
            || ret.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.InteropServices.InAttribute));
        return (readOnly ? "ref readonly " : "ref ") + TypeName(ret.ParameterType.GetElementType()!, names: TupleNames(ret));
    }

    private static string Parameters(ParameterInfo[] parameters, bool extension) =>
        string.Join(", ", parameters.Select((p, i) => Parameter(p, extension && i == 0)));

    private static string Parameter(ParameterInfo parameter, bool isThis)
    {
        var text = new StringBuilder(isThis ? "this " : "");
        if (parameter.IsDefined(typeof(ParamArrayAttribute), false) || parameter.IsDefined(typeof(ParamCollectionAttribute), false))
        {
            text.Append("params "); // a params span is implicitly scoped
        }
        else if (parameter.IsDefined(typeof(ScopedRefAttribute), false))
        {
            text.Append("scoped ");
        }

        Type type = parameter.ParameterType;
        if (type.IsByRef)
        {
            bool requiresLocation = parameter.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiresLocationAttribute");
            text.Append(parameter.IsOut ? "out " : requiresLocation ? "ref readonly " : parameter.IsIn ? "in " : "ref ");
            type = type.GetElementType()!;
        }

        text.Append(TypeName(type, names: TupleNames(parameter)));
        text.Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue)
        {
            text.Append(" = ").Append(DefaultValue(parameter, type));
        }
        else if (parameter.IsOptional)
        {
            text.Append(" = <optional>");
        }

        return text.ToString();
    }

    private static string DefaultValue(ParameterInfo parameter, Type type)
    {
        object? value = parameter.RawDefaultValue;
        Type underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null || value is DBNull)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null";
        }

        return underlying.IsEnum ? $"({TypeName(underlying)}){Literal(value)}" : Literal(value);
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        char c => $"'{c}'",
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string GenericParameterName(Type parameter)
    {
        GenericParameterAttributes variance = parameter.GenericParameterAttributes & GenericParameterAttributes.VarianceMask;
        string prefix = variance == GenericParameterAttributes.Covariant ? "out " : variance == GenericParameterAttributes.Contravariant ? "in " : "";
        return prefix + parameter.Name;
    }

    private static string Constraints(Type[] arguments)
    {
        var text = new StringBuilder();
        foreach (Type argument in arguments.Where(a => a.IsGenericParameter))
        {
            GenericParameterAttributes attributes = argument.GenericParameterAttributes;
            var constraints = new List<string>();
            bool isStruct = attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint);
            if (isStruct)
            {
                bool unmanaged = argument.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsUnmanagedAttribute");
                constraints.Add(unmanaged ? "unmanaged" : "struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            constraints.AddRange(argument.GetGenericParameterConstraints()
                .Where(c => !(isStruct && c == typeof(ValueType)))
                .Select(c => TypeName(c))
                .Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !isStruct)
            {
                constraints.Add("new()");
            }

            if (attributes.HasFlag(GenericParameterAttributes.AllowByRefLike))
            {
                constraints.Add("allows ref struct");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(argument.Name).Append(" : ").AppendJoin(", ", constraints);
            }
        }

        return text.ToString();
    }

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(char)] = "char", [typeof(sbyte)] = "sbyte", [typeof(byte)] = "byte", [typeof(short)] = "short",
        [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
        [typeof(ulong)] = "ulong", [typeof(nint)] = "nint", [typeof(nuint)] = "nuint", [typeof(float)] = "float",
        [typeof(double)] = "double", [typeof(decimal)] = "decimal",
    };

    /// <summary>
    /// A type as C# writes it, fully qualified (Namespace.Outer.Inner&lt;T&gt;). With
    /// <paramref name="declaration"/>, generic parameters carry their variance (in/out).
    /// </summary>
    private static string TypeName(Type type, bool declaration = false, Queue<string?>? names = null)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Keywords.TryGetValue(type, out string? keyword))
        {
            return keyword;
        }

        if (type.IsByRef)
        {
            return "ref " + TypeName(type.GetElementType()!, names: names);
        }

        if (type.IsPointer)
        {
            return TypeName(type.GetElementType()!, names: names) + "*";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!, names: names) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, names: names) + "?";
        }

        if (type.IsFunctionPointer)
        {
            return type.ToString();
        }

        // (T1 Name1, T2 Name2): Roslyn lists tuple element names depth-first, each tuple's own names first.
        if (IsTuple(type))
        {
            Type[] elements = type.GetGenericArguments();
            string?[] own = [.. elements.Select(_ => names is { Count: > 0 } ? names.Dequeue() : null)];
            return "(" + string.Join(", ", elements.Select((e, i) => TypeName(e, names: names) + (own[i] is { } n ? " " + n : ""))) + ")";
        }

        // Generic arguments belong to the whole nesting chain: Outer<T>.Inner<U> has [T, U].
        Type[] arguments = type.GetGenericArguments();
        int used = 0;
        var chain = new List<Type>();
        for (Type? t = type; t is not null; t = t.DeclaringType)
        {
            chain.Insert(0, t);
        }

        var name = new StringBuilder(type.Namespace is { Length: > 0 } ns ? ns + "." : "");
        for (int i = 0; i < chain.Count; i++)
        {
            string part = chain[i].Name;
            int tick = part.IndexOf('`', StringComparison.Ordinal);
            int arity = tick < 0 ? 0 : int.Parse(part[(tick + 1)..], CultureInfo.InvariantCulture);
            name.Append(tick < 0 ? part : part[..tick]);
            if (arity > 0)
            {
                IEnumerable<Type> own = arguments.Skip(used).Take(arity);
                name.Append('<').AppendJoin(", ", own.Select(a => declaration && a.IsGenericParameter ? GenericParameterName(a) : TypeName(a, names: names))).Append('>');
                used += arity;
            }

            if (i < chain.Count - 1)
            {
                name.Append('.');
            }
        }

        return name.ToString();
    }

    private static bool IsTuple(Type type) =>
        type.IsGenericType && !type.IsGenericTypeDefinition && type.Namespace == "System"
        && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal) && type.GetGenericArguments().Length <= 7;

    private static Queue<string?>? TupleNames(ParameterInfo parameter) =>
        TupleNames(parameter.GetCustomAttributes(typeof(TupleElementNamesAttribute), false).OfType<TupleElementNamesAttribute>().FirstOrDefault());

    private static Queue<string?>? TupleNames(TupleElementNamesAttribute? attribute) =>
        attribute is null ? null : new Queue<string?>(attribute.TransformNames);
}

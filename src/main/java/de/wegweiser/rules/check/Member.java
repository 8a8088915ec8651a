package de.wegweiser.rules.check;

import java.util.List;

/** A method rules may call (or a field they may read): what it takes and what it gives. */
record Member(String name, List<Type> parameters, List<String> parameterNames, Type result) {}


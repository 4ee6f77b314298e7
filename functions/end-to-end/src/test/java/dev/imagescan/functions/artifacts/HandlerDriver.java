package dev.imagescan.functions.artifacts;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for the Lambda Java runtime, run in a child JVM whose class path holds only this class and
 * aws-lambda-java-serialization (as the runtime's own class path holds only the runtime): loads a function's shaded
 * jar in a class loader of its own (parent: the platform class loader, so nothing of a build's class path is seen),
 * instantiates the handler by name, and for each line of standard input (one event as JSON) deserializes the event as
 * the runtime does, invokes {@code handleRequest} and prints the serialized response as one line on standard output.
 * A handler that throws prints {@code {"errorType": ..., "errorMessage": ...}}, as Lambda answers. The handler's
 * own standard output (its log) goes to standard error.
 *
 * <p>Arguments: the jar and the handler's class name. The environment is the function's.
 */
public final class HandlerDriver {
    private HandlerDriver() {}

    /** Runs the handler of {@code args[0]} named {@code args[1]} on every event read from standard input. */
    public static void main(String[] args) throws Exception {
        PrintStream responses = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Object handler = Class.forName(args[1], true, loader).getConstructor().newInstance();
        Method method = handleRequest(handler.getClass());
        PojoSerializer<Object> input = serializer(method.getParameterTypes()[0], loader);
        PojoSerializer<Object> output = serializer(method.getReturnType(), loader);
        Object context = proxy(loader, method.getParameterTypes()[1], args[1]);
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = events.readLine(); line != null; line = events.readLine()) {
            Object event = input.fromJson(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            try {
                output.toJson(method.invoke(handler, event, context), json);
            } catch (InvocationTargetException e) {
                e.getCause().printStackTrace();
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorType", e.getCause().getClass().getName());
                error.put("errorMessage", String.valueOf(e.getCause().getMessage()));
                JacksonFactory.getInstance().getSerializer(Map.class).toJson(error, json);
            }
            responses.println(json.toString(StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' '));
        }
    }

    /** The handler's {@code handleRequest(event, Context)}, not its erased bridge. */
    private static Method handleRequest(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()) {
                return m;
            }
        }
        throw new IllegalArgumentException(type + " has no handleRequest(event, Context)");
    }

    /** The runtime's choice: its event serializers for aws-lambda-java-events types, plain Jackson otherwise. */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
        }
        return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    /** A {@code Context} (and its {@code LambdaLogger}) of the jar's own aws-lambda-java-core. */
    private static Object proxy(ClassLoader loader, Class<?> contextType, String function) {
        long deadline = System.currentTimeMillis() + 900_000;
        InvocationHandler answers = (self, m, a) -> switch (m.getName()) {
            case "getAwsRequestId" -> UUID.randomUUID().toString();
            case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
            case "getMemoryLimitInMB" -> 1024;
            case "getFunctionName" -> function;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:eu-west-1:123456789012:function:" + function;
            case "getLogGroupName", "getLogStreamName" -> "local";
            case "getLogger" -> logger(loader, m.getReturnType());
            case "toString" -> "Context(" + function + ")";
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == a[0];
            default -> null;
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, answers);
    }

    private static Object logger(ClassLoader loader, Class<?> loggerType) {
        InvocationHandler answers = (self, m, a) -> {
            if (m.getName().equals("log") && a != null && a.length >= 1) {
                System.err.println(a[0] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : a[0]);
                return null;
            }
            return m.getName().equals("hashCode") ? System.identityHashCode(self)
                    : m.getName().equals("equals") ? self == a[0] : m.getName().equals("toString") ? "logger" : null;
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, answers);
    }
}

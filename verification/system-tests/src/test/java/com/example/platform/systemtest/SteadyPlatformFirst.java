package com.example.platform.systemtest;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * Runs every steady class before any disrupted one, so the steady ones meet the shared
 * platform (see {@link SharedPlatforms}) as booted, every instance up from the start;
 * within a kind, by {@link Order}, then by name. Set as the default in
 * {@code junit-platform.properties}.
 */
public class SteadyPlatformFirst implements ClassOrderer {

	@Override
	public void orderClasses(ClassOrdererContext context) {
		context.getClassDescriptors()
			.sort(Comparator.comparingInt(SteadyPlatformFirst::kind)
				.thenComparingInt((ClassDescriptor descriptor) -> descriptor.findAnnotation(Order.class)
					.map(Order::value)
					.orElse(Order.DEFAULT))
				.thenComparing((descriptor) -> descriptor.getTestClass().getName()));
	}

	// Classes without a platform first, then steady, then disrupted.
	private static int kind(ClassDescriptor descriptor) {
		return descriptor.findAnnotation(SharedPlatform.class).map((platform) -> platform.value().ordinal()).orElse(-1);
	}

}

package com.example.platform.local;

/**
 * One running (or stopped) instance of a service.
 *
 * @param application the service it is an instance of
 * @param port its traffic port
 * @param managementPort its actuator port
 * @param process its JVM
 */
record ServiceInstance(Application application, int port, int managementPort, ApplicationProcess process) {

	String service() {
		return this.application.name();
	}

	/**
	 * How it names itself in {@code X-Served-By}.
	 * @return e.g. {@code user-service:8081}
	 */
	String servedBy() {
		return service() + ":" + this.port;
	}

}

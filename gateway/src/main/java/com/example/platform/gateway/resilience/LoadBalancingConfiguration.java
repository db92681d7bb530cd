package com.example.platform.gateway.resilience;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * Every service's load balancer skips ejected instances and, for a retry, the instances
 * the request already tried.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = EjectionLoadBalancerConfiguration.class)
class LoadBalancingConfiguration {

}

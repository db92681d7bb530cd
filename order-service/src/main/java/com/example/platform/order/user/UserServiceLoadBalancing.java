package com.example.platform.order.user;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.context.annotation.Configuration;

/**
 * user-service's load balancer: with mutual TLS on, only the instances registered for TLS
 * ({@link SecureInstances}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = UserServiceGuard.INSTANCE, configuration = SecureInstances.class)
class UserServiceLoadBalancing {

}

package io.dfs.cli.client;

/** Auth's answer to a login: a user token and its lifetime in seconds. */
public record LoginResult(String token, long expiresIn) {}

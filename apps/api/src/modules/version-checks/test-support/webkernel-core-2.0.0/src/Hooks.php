<?php

declare(strict_types=1);

namespace Webkernel;

/**
 * The core's hooks. Modules listen with Hooks::on(); the core fires:
 *
 * @hook http.request  before a request is routed (fired by the HTTP kernel under the request's name)
 * @hook http.response after the response is built
 */
final class Hooks
{
    /** @var array<string, list<callable>> */
    private static array $listeners = [];

    public static function on(string $name, callable $listener): void
    {
        self::$listeners[$name][] = $listener;
    }

    public static function emit(string $name, mixed ...$args): void
    {
        foreach (self::listenersOf($name) as $listener) {
            $listener(...$args);
        }
    }

    /** @return list<callable> */
    private static function listenersOf(string $name): array
    {
        return self::$listeners[$name] ?? [];
    }
}

<?php

declare(strict_types=1);

namespace Webkernel\Http;

final class Router
{
    /** @var array<string, array{string, array}> */
    private static array $routes = [];
    private static string $prefix = '';

    public static function get(string $path, array $action): void
    {
        self::add('GET', $path, $action);
    }

    public static function post(string $path, array $action): void
    {
        self::add('POST', $path, $action);
    }

    public static function group(string $prefix, \Closure $routes): void
    {
        $outer = self::$prefix;
        self::$prefix = $outer . $prefix;
        $routes();
        self::$prefix = $outer;
    }

    // -- since 2.0.0
    public static function middleware(string ...$names): void
    {
    }
    // -- end since 2.0.0

    private static function add(string $method, string $path, array $action): void
    {
        self::$routes[$method . ' ' . self::$prefix . $path] = [$method, $action];
    }
}

<?php

namespace Webkernel\Tests;

use Webkernel\Http\Router;

final class RouterTest
{
    public function testGroup(): void
    {
        Router::group('/erp', fn () => Router::get('/x', []));
    }
}

<?php

declare(strict_types=1);

namespace Webkernel;

$GLOBALS['webkernel.config'] ??= [];
Hooks::emit('app.boot');

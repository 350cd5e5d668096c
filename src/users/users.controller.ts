import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { SessionActor } from '../auth/auth.types';
import { CreateUserBody } from './dto/create-user.body';
import { UpdateUserBody } from './dto/update-user.body';
import { AgentView, UserView } from './dto/user.view';
import { UsersService } from './users.service';

/** Account management (admins) and the list of people tickets can be assigned to (everyone). */
@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Supervisors read the list too (the admin pages); creating and changing accounts stays with admins. */
  @Get()
  @Roles('supervisor', 'admin')
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Enabled accounts, for the "assign to" choice. */
  @Get('agents')
  agents(): Promise<AgentView[]> {
    return this.users.listAssignable();
  }

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: SessionActor, @Body() body: CreateUserBody): Promise<UserView> {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin')
  update(@CurrentActor() actor: SessionActor, @Param('id') id: string, @Body() body: UpdateUserBody): Promise<UserView> {
    return this.users.update(actor, id, body);
  }
}

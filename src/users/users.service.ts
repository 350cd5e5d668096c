import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AgentView, UserView } from './dto/user.view';
import { AccountActor, AccountChange, changeAccount, createAccount, listAccounts, NewAccount, normalizeEmail } from './user-accounts';
import { User } from './user.entity';

/** A user with the hash, for the login check only. */
export interface UserCredentials {
  id: string;
  email: string;
  name: string;
  role: User['role'];
  passwordHash: string;
  disabled: boolean;
}

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<UserView[]> {
    return (await listAccounts(this.dataSource.manager)).map(UserView.of);
  }

  async listAssignable(): Promise<AgentView[]> {
    const users = await this.dataSource.getRepository(User).find({ where: { disabledAt: IsNull() }, order: { name: 'ASC', id: 'ASC' } });
    return users.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));
  }

  async create(actor: AccountActor, input: NewAccount): Promise<UserView> {
    return UserView.of(await createAccount(this.dataSource.manager, actor, input));
  }

  async update(actor: AccountActor, id: string, change: AccountChange): Promise<UserView> {
    return UserView.of(await changeAccount(this.dataSource.manager, actor, id, change));
  }

  async findCredentials(email: string): Promise<UserCredentials | null> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalizeEmail(email) })
      .getOne();
    if (!user) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role, passwordHash: user.passwordHash, disabled: user.disabledAt !== null };
  }
}

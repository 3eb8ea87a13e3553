import { Controller } from '@nestjs/common';
import type { FileView, Principal, RequestPayload } from '@orbita/contracts';
import { DocumentsRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { FilesService } from './files.service';

@Controller()
export class FilesNatsController {
  constructor(private readonly files: FilesService) {}

  @Handle(DocumentsRequests.getFile, Access.permission(Permission.FileRead))
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.getFile>,
  ): Promise<FileView> {
    return this.files.get(principal, input.fileId);
  }
}
